package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.observability.Observability;
import dev.dtk.process.DtkProcess;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus metrics and health endpoints as a scraper and a prober see them, on a real broker:
 * the gateway's {@code /metrics}, the engine's on its query port (without the query secret), and a
 * {@code dtk worker} process's on its ops port.
 */
class MetricsAndHealthTest {

    @TempDir
    static Path dir;

    private static OpsCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new OpsCluster(dir.resolve("dtk"), Observability.prometheus());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void shouldExposeTheEnginesWorkersAndGatewaysMetricsWithPrometheusNames() throws Exception {
        cluster.start("HelloSequence", "metered-hello", null, Map.of());
        cluster.awaitStatus("metered-hello", "Completed");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.dtk().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "metered-bad",
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
        }

        String metrics = await().atMost(OpsCluster.TIMEOUT).until(() -> scrape(cluster.gateway().url()),
                m -> m.contains("dtk_dead_letters_total{reason=\"unreadable\",topic=\"dtk.commands\"} 1.0"));

        assertThat(metrics)
                .contains("dtk_engine_instances_started_total{orchestrator=\"HelloSequence\"} 1.0")
                .contains("dtk_engine_instances_finished_total{orchestrator=\"HelloSequence\",status=\"Completed\"} 1.0")
                .contains("dtk_engine_step_duration_seconds_count{input=\"activity_result\",outcome=\"applied\"} 3")
                .contains("dtk_engine_step_duration_seconds_bucket{input=\"start_orchestration\",outcome=\"applied\",le=")
                .contains("dtk_engine_activities_scheduled_total{activity=\"SayHello\",queue=\"default\"} 3.0")
                .contains("dtk_worker_activity_duration_seconds_count{activity=\"SayHello\",outcome=\"completed\","
                        + "queue=\"default\"} 3")
                .contains("dtk_worker_activities_in_flight{queue=\"default\"}")
                .contains("dtk_gateway_requests_seconds_count{code=\"202\",method=\"POST\","
                        + "route=\"/runtime/webhooks/durabletask/orchestrators/{name}/{id}\"} 1")
                .contains("dtk_gateway_requests_seconds_count{code=\"200\",method=\"GET\","
                        + "route=\"/runtime/webhooks/durabletask/instances/{id}\"}")
                .contains("dtk_status_view_lag_records")
                .contains("dtk_engine_timers_pending")
                .contains("dtk_engine_events_buffered")
                .contains("dtk_engine_partitions{role=\"active\"}")
                .contains("dtk_engine_partitions{role=\"standby\"} 0.0")
                .contains("dtk_engine_store_lag_records{role=\"active\"}")
                .contains("dtk_engine_timer_lateness_seconds_count")
                .contains("kafka_stream_thread_process_total")
                .contains("kafka_producer_record_send_total")
                .contains("kafka_consumer_fetch_manager_records_consumed_total");
        assertThat(metrics).as("instance IDs never become labels").doesNotContain("metered-hello");
        await().atMost(OpsCluster.TIMEOUT).until(() -> scrape(cluster.gateway().url()),
                m -> Pattern.compile("(?m)^dtk_engine_timers_pending \\d").matcher(m).find());
        assertThat(dashboardMetrics()).as("the Grafana dashboard asks only for metrics that exist")
                .allSatisfy(name -> assertThat(metrics).containsPattern("(?m)^" + name + "[{ ]"));
    }

    /** The metric names the Grafana dashboard's queries use. */
    static Set<String> dashboardMetrics() {
        JsonNode dashboard = DtkJson.read(DeploymentFiles.read(DeploymentFiles.ROOT.resolve(
                "deploy/grafana/dtk-dashboard.json")).getBytes(StandardCharsets.UTF_8), JsonNode.class);
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher name = Pattern.compile("\\b((?:dtk|kafka)_[a-z_]+)").matcher(expr.asText());
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    @Test
    void shouldAnswerProbesOnEveryServiceWithoutKeyOrSecret() {
        String engine = cluster.dtk().engine().queryUrl().orElseThrow();

        HttpResponse<String> ready = cluster.getUrl(engine + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
        assertThat(cluster.getUrl(engine + "/health/live").statusCode()).isEqualTo(200);
        assertThat(cluster.getUrl(engine + "/metrics").body()).contains("dtk_engine_step_duration_seconds");
        assertThat(cluster.getUrl(engine + "/orchestrators").statusCode())
                .as("the engine's queries still want the secret").isEqualTo(401);
        assertThat(cluster.getUrl(cluster.gateway().url() + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(cluster.getUrl(cluster.gateway().url() + "/runtime/webhooks/durabletask/instances").statusCode())
                .as("the API still wants the key").isEqualTo(401);
    }

    @Test
    void shouldServeAWorkerProcesssMetricsAndReadinessOnItsOpsPort() {
        try (DtkProcess worker = DtkProcess.start(dir.resolve("logs"), "worker",
                Map.of("DTK_BOOTSTRAP_SERVERS", cluster.dtk().bootstrapServers()),
                "worker", "--queue", "default", "--ops-port", "0")) {
            worker.awaitOutput("metrics and health on http://[^/\\s]+/metrics", Duration.ofSeconds(60));
            Matcher url = Pattern.compile("metrics and health on (http://[^/\\s]+)/metrics").matcher(worker.output());
            assertThat(url.find()).isTrue();
            String ops = url.group(1);

            HttpResponse<String> ready = await().atMost(OpsCluster.TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.getUrl(ops + "/health/ready"), r -> r.statusCode() == 200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"queue\":\"default\"}");
            assertThat(cluster.getUrl(ops + "/health/live").statusCode()).isEqualTo(200);
            assertThat(cluster.getUrl(ops + "/metrics").body())
                    .contains("dtk_worker_activities_in_flight{queue=\"default\"} 0")
                    .contains("kafka_consumer_coordinator_assigned_partitions")
                    .contains("jvm_memory_used_bytes");
        }
    }

    private static String scrape(String base) {
        HttpResponse<String> response = cluster.getUrl(base + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain; version=0.0.4"));
        return response.body();
    }
}
