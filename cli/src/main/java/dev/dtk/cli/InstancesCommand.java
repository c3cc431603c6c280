package dev.dtk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dtk instances ...}: orchestration instances through a gateway's HTTP API, for people at a
 * terminal (readable tables) and scripts ({@code --json}: the gateway's JSON as it is). The key comes
 * from {@code DTK_GATEWAY_KEY} or {@code --key-file}, never the command line ({@link GatewayOptions});
 * {@code dtk entities} ({@link EntitiesCommand}) is its twin for durable entities.
 */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = "List, show, start and manage orchestration instances through a gateway (--gateway URL;"
                + " key from DTK_GATEWAY_KEY or --key-file).")
final class InstancesCommand {

    @Mixin
    GatewayOptions gateway;

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Instances matching the filters (status, orchestrator name, ID prefix, created time range), in"
                    + " instance ID order.")
    int list(
            @Option(names = "--status", split = ",", paramLabel = "STATUS",
                    description = "Running, Completed, Failed, Terminated, Suspended, Pending, ContinuedAsNew"
                            + " (repeatable or a comma list).") List<String> statuses,
            @Option(names = "--name", paramLabel = "ORCHESTRATOR", description = "Only this orchestrator.")
                    String name,
            @Option(names = "--prefix", paramLabel = "ID_PREFIX", description = "Only IDs that start so.")
                    String prefix,
            @Option(names = "--from", paramLabel = "TIME", description = "Created at or after (ISO-8601 UTC).")
                    String from,
            @Option(names = "--to", paramLabel = "TIME", description = "Created at or before (ISO-8601 UTC).")
                    String to,
            @Option(names = "--top", defaultValue = "50", description = "How many (default ${DEFAULT-VALUE}).")
                    int top,
            @Option(names = "--all", description = "Every match, page after page.") boolean all) {
        return run(() -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("runtimeStatus", statuses == null || statuses.isEmpty() ? null : String.join(",", statuses));
            query.put("instanceIdPrefix", prefix);
            query.put("createdTimeFrom", from);
            query.put("createdTimeTo", to);
            query.put("showInput", "false");
            query.put("top", Integer.toString(Math.max(1, Math.min(top, 1000))));
            GatewayCalls.Listing listing = calls().list(GatewayCalls.BASE + "/instances", query,
                    status -> name == null || name.equals(status.path("name").asText()), top, all);
            gateway.print(spec, listing, InstanceText::table, "instance", "instances");
        });
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One instance: status, input, output,"
            + " custom status, failure, and with --history its history with each step's duration and result.")
    int show(@Parameters(paramLabel = "ID") String id,
            @Option(names = "--history", description = "With its history.") boolean history) {
        return run(() -> {
            Map<String, String> query = history ? Map.of("showHistory", "true", "showHistoryOutput", "true") : Map.of();
            JsonNode status = calls().get(instance(id), query, null).body();
            out().print(gateway.json ? status + "\n" : InstanceText.details(status));
        });
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start an orchestration.")
    int start(@Parameters(paramLabel = "ORCHESTRATOR") String name,
            @Option(names = "--id", description = "The instance ID (default: a random one).") String id,
            @Option(names = "--input", paramLabel = "JSON", description = "The input, as JSON.") String input) {
        return run(() -> {
            String path = GatewayCalls.BASE + "/orchestrators/" + GatewayCalls.segment(name)
                    + (id == null ? "" : "/" + GatewayCalls.segment(id));
            JsonNode answer = calls().post(path, Map.of(), input).body();
            out().println(gateway.json ? answer : "started " + answer.path("id").asText() + " (" + name + ")");
        });
    }

    @Command(name = "raise", mixinStandardHelpOptions = true, description = "Raise an event on an instance.")
    int raise(@Parameters(index = "0", paramLabel = "ID") String id,
            @Parameters(index = "1", paramLabel = "EVENT") String event,
            @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "The event's data (default"
                    + " null).") String data) {
        return run(() -> {
            calls().post(instance(id) + "/raiseEvent/" + GatewayCalls.segment(event), Map.of(),
                    data == null ? "null" : data);
            done("raised " + event + " on " + id);
        });
    }

    @Command(name = "terminate", mixinStandardHelpOptions = true, description = "Terminate a running instance.")
    int terminate(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason") String reason) {
        return control(id, "terminate", reason, "terminated");
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend a running instance.")
    int suspend(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason") String reason) {
        return control(id, "suspend", reason, "suspended");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a suspended instance.")
    int resume(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason") String reason) {
        return control(id, "resume", reason, "resumed");
    }

    @Command(name = "rewind", mixinStandardHelpOptions = true,
            description = "Run the failed activities of a Failed instance again.")
    int rewind(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason") String reason) {
        return control(id, "rewind", reason, "rewound");
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Start an instance's orchestrator again with the same input.")
    int restart(@Parameters(paramLabel = "ID") String id,
            @Option(names = "--same-id", description = "Afresh under the same ID (default: a new ID).")
                    boolean sameId) {
        return run(() -> {
            JsonNode answer = calls().post(instance(id) + "/restart",
                    Map.of("restartWithNewInstanceId", Boolean.toString(!sameId)), null).body();
            out().println(gateway.json ? answer : "restarted " + id + " as " + answer.path("id").asText());
        });
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Delete a finished instance's status and history everywhere.")
    int purge(@Parameters(paramLabel = "ID") String id) {
        return run(() -> {
            JsonNode answer = calls().delete(instance(id)).body();
            out().println(gateway.json ? answer : "purged " + id);
        });
    }

    private int control(String id, String verb, String reason, String done) {
        return run(() -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("reason", reason);
            calls().post(instance(id) + "/" + verb, query, null);
            done(done + " " + id);
        });
    }

    private void done(String message) {
        out().println(gateway.json ? "{}" : message);
    }

    private static String instance(String id) {
        return GatewayCalls.BASE + "/instances/" + GatewayCalls.segment(id);
    }

    private int run(Runnable call) {
        return GatewayOptions.run(spec, call);
    }

    private PrintWriter out() {
        return GatewayOptions.out(spec);
    }

    private GatewayCalls calls() {
        return gateway.calls();
    }
}
