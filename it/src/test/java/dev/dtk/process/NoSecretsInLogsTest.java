package dev.dtk.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service started as its own process with secrets in its settings (SASL, TLS, gateway keys,
 * the engines' query secret, Twilio): once it runs, none of the secrets appears anywhere in what it logged.
 */
class NoSecretsInLogsTest {

    private static final Map<String, String> SECRETS = Map.of(
            "DTK_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"dtk\" password=\"jaas-secret-1\";",
            "DTK_KAFKA_SSL_KEYSTORE_KEY", "keystore-key-secret-2",
            "DTK_KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-secret-3",
            "DTK_KAFKA_SSL_KEY_PASSWORD", "key-password-secret-4",
            "DTK_GATEWAY_KEYS", "gateway-key-secret-5",
            "DTK_ENGINE_QUERY_SECRET", "engine-query-secret-7",
            "TWILIO_ACCOUNT_SID", "AC0000000000000000000000000000000",
            "TWILIO_AUTH_TOKEN", "twilio-token-secret-6",
            "TWILIO_PHONE_NUMBER", "+15550000000");
    private static final List<String> SECRET_VALUES = List.of("jaas-secret-1", "keystore-key-secret-2",
            "truststore-secret-3", "key-password-secret-4", "gateway-key-secret-5", "twilio-token-secret-6",
            "engine-query-secret-7", "file-keystore-secret-8", "flag-passphrase-secret-9");
    /** A secret from a properties file (--kafka-config) and one from --kafka NAME=VALUE, next to the environment's. */
    private static final String FILE_SECRET = "ssl.keystore.password=file-keystore-secret-8\n";
    private static final String FLAG_SECRET = "sasl.oauthbearer.assertion.private.key.passphrase=flag-passphrase-secret-9";
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void shouldLogNoSecretAtStartOfAnyService(@TempDir Path dir) throws java.io.IOException {
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(2, List.of("default", "sms"));
            String bootstrap = kafka.bootstrapServers();
            Path logs = dir.resolve("logs");
            String file = java.nio.file.Files.writeString(dir.resolve("kafka.properties"), FILE_SECRET).toString();
            try (DtkProcess engine = DtkProcess.start(logs, "engine", SECRETS, "engine", "--bootstrap-servers",
                    bootstrap, "--kafka-config", file, "--kafka", FLAG_SECRET, "--state-dir",
                    dir.resolve("state").toString(), "--query-port", "0");
                    DtkProcess worker = DtkProcess.start(logs, "worker", SECRETS, "worker", "--bootstrap-servers",
                            bootstrap, "--kafka-config", file, "--kafka", FLAG_SECRET);
                    DtkProcess sms = DtkProcess.start(logs, "worker-sms", SECRETS, "worker", "--bootstrap-servers",
                            bootstrap, "--kafka-config", file, "--kafka", FLAG_SECRET, "--queue", "sms");
                    DtkProcess gateway = DtkProcess.start(logs, "gateway", SECRETS, "gateway", "--bootstrap-servers",
                            bootstrap, "--kafka-config", file, "--kafka", FLAG_SECRET, "--port", "0", "--state-dir",
                            dir.resolve("gateway").toString())) {
                engine.awaitOutput("starting dtk engine", START).awaitOutput("to RUNNING", START);
                worker.awaitOutput("partitions assigned", START);
                sms.awaitOutput("partitions assigned", START);
                gateway.awaitOutput("dtk gateway listening on", START);

                for (DtkProcess process : List.of(engine, worker, sms, gateway)) {
                    assertThat(process.output()).as(process.log().toString())
                            .contains("[redacted]")
                            .contains("ssl.keystore.password", "sasl.oauthbearer.assertion.private.key.passphrase")
                            .doesNotContain(SECRET_VALUES);
                }
            }
        }
    }
}
