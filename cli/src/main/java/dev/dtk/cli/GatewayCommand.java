package dev.dtk.cli;

import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.observability.Observability;
import dev.dtk.topics.Hub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dtk gateway}: the Durable Functions HTTP API as its own service, against any cluster.
 * Settings come from the {@code DTK_GATEWAY_*} environment (keys only from there or a file, never
 * the command line, where other users of the machine could see them), then from these options.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the HTTP gateway (the Durable Functions HTTP API). Keys: DTK_GATEWAY_KEYS (comma list)"
                + " or DTK_GATEWAY_KEYS_FILE; the engines' query secret: DTK_ENGINE_QUERY_SECRET; timeouts, connection"
                + " limits and trusted proxies: DTK_GATEWAY_* (see the README). The console at /console/, metrics at"
                + " /metrics, health at /health/live and /health/ready; traces with the standard OTEL_* variables.")
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--host", description = "Address to listen on (env DTK_GATEWAY_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port (env DTK_GATEWAY_PORT; default 7071).")
    Integer port;

    @Option(names = "--hub", paramLabel = "HUB",
            description = "A task hub to serve, repeatable; the first is the default, for requests without taskHub"
                    + " (env DTK_HUB, comma list; default dtk).")
    List<String> hubs = new ArrayList<>();

    @Option(names = "--engine-url", paramLabel = "[HUB=]URL",
            description = "An engine's query endpoint, repeatable: URL for the default hub's engines, HUB=URL for"
                    + " another hub's (env DTK_ENGINE_URLS, comma list).")
    List<String> engineUrls = new ArrayList<>();

    @Option(names = "--keys-file", paramLabel = "FILE",
            description = "A file of keys, one a line (env DTK_GATEWAY_KEYS_FILE).")
    Path keysFile;

    @Option(names = "--state-dir", description = "Folder of the status view (env DTK_GATEWAY_STATE_DIR).")
    Path stateDir;

    @Option(names = "--insecure", description = "Allow a non-loopback address without keys.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig built;
        try {
            built = config().build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk gateway: " + e.getMessage());
            return 2;
        }
        Observability observability = Observability.forService("gateway", System.getenv());
        DtkGateway gateway = DtkGateway.builder(built).observability(observability).start();
        return UntilStopped.run(() -> {
            gateway.close();
            observability.close();
        });
    }

    private GatewayConfig.Builder config() {
        GatewayConfig.Builder config = GatewayConfig.fromEnv(System.getenv())
                .kafka(kafka.kafkaSettings());
        if (host != null) {
            config.host(host);
        }
        if (port != null) {
            config.port(port);
        }
        if (keysFile != null) {
            config.keysFile(keysFile);
        }
        if (stateDir != null) {
            config.stateDir(stateDir);
        }
        if (insecure) {
            config.insecure(true);
        }
        if (!hubs.isEmpty()) {
            config.hubs(hubs.stream().map(String::trim).map(Hub::of).toList());
        }
        engineUrls.forEach(config::engineUrl);
        return config;
    }
}
