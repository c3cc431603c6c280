package dev.dtk.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;

/** A KRaft node's folder: its {@code server.properties} and its log folder, formatted once with a cluster ID. */
final class KafkaStorage {

    private KafkaStorage() {
    }

    /**
     * Writes {@code settings} to {@code dir/server.properties} and formats the log folder they name
     * ({@code log.dirs}) with {@code clusterId}, unless it was formatted before (then its data is kept).
     * Returns the properties file, which {@code kafka.Kafka} can run.
     */
    static Path prepare(Path dir, Map<String, String> settings, String clusterId) {
        Path logDir = Path.of(settings.get("log.dirs"));
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(logDir);
            Properties properties = new Properties();
            properties.putAll(settings);
            try (OutputStream out = Files.newOutputStream(config)) {
                properties.store(out, "written by dtk's testkit");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data folder " + dir, e);
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", config.toString()
            }, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + logDir + " failed: "
                        + output.toString(StandardCharsets.UTF_8));
            }
        }
        return config;
    }
}
