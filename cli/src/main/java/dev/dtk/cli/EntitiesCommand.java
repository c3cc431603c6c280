package dev.dtk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.entity.EntityId;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dtk entities ...}: durable entities through a gateway's HTTP API, the twin of {@link InstancesCommand}
 * (the same {@link GatewayOptions}): list them with their state, show one, signal one, delete one.
 */
@Command(name = "entities", mixinStandardHelpOptions = true,
        description = "List, show, signal and delete durable entities through a gateway (--gateway URL; key from"
                + " DTK_GATEWAY_KEY or --key-file).")
final class EntitiesCommand {

    @Mixin
    GatewayOptions gateway;

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Entities that exist (have state), with their state, in entity ID order.")
    int list(
            @Option(names = "--name", paramLabel = "ENTITY", description = "Only entities of this name.") String name,
            @Option(names = "--from", paramLabel = "TIME",
                    description = "Last operation at or after (ISO-8601 UTC).") String from,
            @Option(names = "--to", paramLabel = "TIME",
                    description = "Last operation at or before (ISO-8601 UTC).") String to,
            @Option(names = "--top", defaultValue = "50", description = "How many (default ${DEFAULT-VALUE}).")
                    int top,
            @Option(names = "--all", description = "Every match, page after page.") boolean all) {
        return run(() -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("fetchState", "true");
            query.put("lastOperationTimeFrom", from);
            query.put("lastOperationTimeTo", to);
            query.put("top", Integer.toString(Math.max(1, Math.min(top, 1000))));
            String path = GatewayCalls.BASE + "/entities" + (name == null ? "" : "/" + GatewayCalls.segment(name));
            gateway.print(spec, gateway.calls().list(path, query, entity -> true, top, all), EntityText::table,
                    "entity", "entities");
        });
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One entity's state.")
    int show(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "KEY") String key) {
        return run(() -> {
            JsonNode state = gateway.calls().get(entity(name, key), Map.of(), null).body();
            out().print(gateway.json ? state + "\n" : EntityText.details(EntityId.of(name, key), state));
        });
    }

    @Command(name = "signal", mixinStandardHelpOptions = true,
            description = "Signal an operation to an entity (one way: it runs once the entity gets to it).")
    int signal(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "KEY") String key,
            @Parameters(index = "2", paramLabel = "OPERATION") String operation,
            @Parameters(index = "3", arity = "0..1", paramLabel = "JSON", description = "The operation's input (default"
                    + " none).") String input) {
        return run(() -> {
            gateway.calls().post(entity(name, key), Map.of("op", operation), input);
            done("signalled " + operation + " to " + EntityId.of(name, key));
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an entity's state (signals the built-in delete operation).")
    int delete(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "KEY") String key) {
        return run(() -> {
            gateway.calls().delete(entity(name, key));
            done("signalled delete to " + EntityId.of(name, key));
        });
    }

    private void done(String message) {
        out().println(gateway.json ? "{}" : message);
    }

    private static String entity(String name, String key) {
        return GatewayCalls.BASE + "/entities/" + GatewayCalls.segment(name) + "/" + GatewayCalls.segment(key);
    }

    private int run(Runnable call) {
        return GatewayOptions.run(spec, call);
    }

    private PrintWriter out() {
        return GatewayOptions.out(spec);
    }
}
