package dev.dtk.cli;

import dev.dtk.topics.Hub;
import picocli.CommandLine.Option;

/** The task hub a command works on: {@code --hub}, else {@code DTK_HUB}, else {@code dtk}. */
final class HubOption {

    @Option(names = "--hub", paramLabel = "HUB", defaultValue = "${env:DTK_HUB:-dtk}",
            description = "The task hub: whose topics, engines and workers (env DTK_HUB; default ${DEFAULT-VALUE}).")
    String name;

    /** @throws IllegalArgumentException saying what is wrong with the name */
    Hub hub() {
        return Hub.of(name.trim());
    }
}
