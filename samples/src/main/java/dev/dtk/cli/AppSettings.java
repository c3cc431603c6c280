package dev.dtk.cli;

import dev.dtk.engine.EngineConfig;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.samples.SampleApp;
import dev.dtk.samples.approval.ApprovalWorkflow;
import dev.dtk.samples.phone.SmsPhoneVerification;
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

    /**
     * The samples' orchestrators with the windows from the environment: {@code DTK_SMS_WINDOW_SECONDS}
     * (phone verification, default 90) and {@code DTK_APPROVAL_TIMEOUT_HOURS} (approval, default 72).
     */
    static OrchestratorRegistry orchestrators(Map<String, String> env) {
        return SampleApp.orchestrators(
                Duration.ofSeconds(positive(env, "DTK_SMS_WINDOW_SECONDS", SmsPhoneVerification.DEFAULT_WINDOW.toSeconds())),
                Duration.ofHours(positive(env, "DTK_APPROVAL_TIMEOUT_HOURS", ApprovalWorkflow.DEFAULT_TIMEOUT.toHours())))
                .build();
    }

    private static long positive(Map<String, String> env, String name, long defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
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
