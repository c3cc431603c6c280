package dev.dtk.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.Hub;
import dev.dtk.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status view's two catch-ups against a transaction that is open on the status topic, as one is for a
 * moment after the broker already shows the engines' offsets committed: the plain catch-up answers with
 * what is committed, the catch-up after the engines' check waits for the transaction's statuses.
 */
class StatusFeedCatchUpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldWaitForTheStatusesOfATransactionStillOpenWhenAskedForWhatWasWritten(@TempDir Path dir)
            throws Exception {
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(4, List.of(Topics.DEFAULT_QUEUE));
            Set<String> seen = ConcurrentHashMap.newKeySet();
            try (StatusStore store = StatusStore.open(dir.resolve("view"));
                    StatusFeed feed = new StatusFeed(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                            Hub.DEFAULT, store, new KafkaHealth());
                    KafkaProducer<String, byte[]> engine = transactionalProducer(kafka.bootstrapServers())) {
                feed.onWritten(seen::addAll);
                feed.start();
                feed.catchUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);

                engine.initTransactions();
                engine.beginTransaction();
                engine.send(new ProducerRecord<>(Topics.INSTANCE_STATUS, "open-txn",
                        "{}".getBytes(StandardCharsets.UTF_8))).get();

                feed.catchUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                CompletableFuture<Void> written = feed.catchUpWritten();
                assertThat(seen).doesNotContain("open-txn");
                // the feed polls every millisecond while someone waits: a second of polls, still waiting
                await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !written.isDone());

                engine.commitTransaction();
                written.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(seen).contains("open-txn");
            }
        }
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "status-feed-test"), new StringSerializer(),
                new ByteArraySerializer());
    }
}
