package dev.dtk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.testkit.TestKafka;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionBackoffCheckTest {

    @Test
    void shouldNameEachBrokerThatRetriesLaterThanAdvised() {
        assertThat(TransactionBackoffCheck.advice(Map.of("1", 20, "2", 2, "3", 100))).hasValueSatisfying(advice ->
                assertThat(advice).contains("broker 1: 20 ms, broker 3: 100 ms")
                        .doesNotContain("broker 2")
                        .contains("set add.partitions.to.txn.retry.backoff.ms=2 on the brokers"));
    }

    @Test
    void shouldSayNothingWhenEveryBrokerRetriesSoon() {
        assertThat(TransactionBackoffCheck.advice(Map.of("1", 2, "2", 5))).isEmpty();
        assertThat(TransactionBackoffCheck.advice(Map.of())).isEmpty();
    }

    @Test
    void shouldReadTheSettingFromARealBrokerWhereDtksBrokersSetTwoMilliseconds(@TempDir Path dir) throws Exception {
        try (TestKafka kafka = TestKafka.start(dir);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, Integer> backoffs = TransactionBackoffCheck.read(admin);

            assertThat(backoffs).hasSize(1).containsValue(TransactionBackoffCheck.ADVISED_MS);
            assertThat(TransactionBackoffCheck.advice(backoffs)).isEmpty();
        }
    }
}
