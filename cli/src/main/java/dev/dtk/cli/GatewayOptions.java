package dev.dtk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * What every management command ({@code dtk instances}, {@code dtk entities}) takes to reach a gateway:
 * its URL, the key (from {@code DTK_GATEWAY_KEY} or {@code --key-file}, never the command line) and
 * {@code --json}; and how such a command runs a call: a refusal is one line on stderr naming the
 * command, exit 1.
 */
final class GatewayOptions {

    @Option(names = "--gateway", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:DTK_GATEWAY_URL:-http://127.0.0.1:7071}",
            description = "The gateway (env DTK_GATEWAY_URL; default ${DEFAULT-VALUE}).")
    String gateway;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A file whose first line is the key (else env DTK_GATEWAY_KEY).")
    Path keyFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the gateway's JSON, for scripts.")
    boolean json;

    /** Runs {@code call} for the command {@code spec}: 0 when it went through, 1 with the reason when refused. */
    static int run(CommandSpec spec, Runnable call) {
        try {
            call.run();
            out(spec).flush();
            return 0;
        } catch (GatewayCalls.Refused e) {
            spec.commandLine().getErr().println("dtk " + spec.name() + ": " + e.getMessage());
            return 1;
        }
    }

    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }

    /**
     * Prints a listing: the entries as a JSON array with {@code --json}, else {@code table} of them and how many
     * (with how to see more), or that none match; {@code noun} and {@code nouns} name one and many.
     */
    void print(CommandSpec spec, GatewayCalls.Listing listing, Function<List<JsonNode>, String> table, String noun,
            String nouns) {
        List<JsonNode> shown = listing.entries();
        if (json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            shown.forEach(array::add);
            out(spec).println(array);
        } else if (shown.isEmpty()) {
            out(spec).println("no " + nouns + " match");
        } else {
            out(spec).print(table.apply(shown));
            out(spec).println(shown.size() + " " + (shown.size() == 1 ? noun : nouns)
                    + (listing.more() ? " (more: --all, or --top N)" : ""));
        }
    }

    GatewayCalls calls() {
        return new GatewayCalls(gateway, key());
    }

    private String key() {
        if (keyFile != null) {
            try {
                return Files.readAllLines(keyFile).stream().map(String::trim).filter(l -> !l.isEmpty())
                        .findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the key file " + keyFile, e);
            }
        }
        return System.getenv("DTK_GATEWAY_KEY");
    }
}
