package dev.dtk.cli;

import dev.dtk.engine.EngineConfig;
import dev.dtk.samples.SampleApp;
import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The settings the commands share: engine configuration and the activity queues of this app. */
final class AppSettings {

    private AppSettings() {
    }

    static Set<String> queues() {
        Set<String> queues = new TreeSet<>(SampleApp.routes().values());
        queues.add(Topics.DEFAULT_QUEUE);
        return queues;
    }

    static EngineConfig engineConfig(String bootstrapServers, Map<String, String> kafka, Path stateDir,
            Duration commitInterval) {
        return engineConfig(bootstrapServers, kafka, stateDir, commitInterval, builder -> { });
    }

    /** As above, with further settings (for example the query endpoint gateways ask for history). */
    static EngineConfig engineConfig(String bootstrapServers, Map<String, String> kafka, Path stateDir,
            Duration commitInterval, java.util.function.Consumer<EngineConfig.Builder> more) {
        EngineConfig.Builder builder = EngineConfig.builder()
                .bootstrapServers(bootstrapServers)
                .stateDir(stateDir)
                .commitInterval(commitInterval)
                .kafka(kafka);
        SampleApp.routes().forEach(builder::route);
        more.accept(builder);
        return builder.build();
    }
}
