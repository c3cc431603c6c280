package dev.dtk.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.Command;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The two ways in: the gateways' HTTP API and {@code dtk.commands}. Each call says whether the command
 * was accepted (202, or acknowledged by Kafka), surely not (the gateway could not be reached, or said
 * 503), or nobody knows (the connection broke after the request went out: a gateway killed mid-call).
 */
final class Doors implements AutoCloseable {

    private static final String BASE = "/runtime/webhooks/durabletask";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** What became of a command. */
    enum Outcome { ACCEPTED, EXISTS, NOT_ACCEPTED, UNKNOWN, NOT_FOUND, GONE }

    static {
        // the gateways close connections idle for 30 s; a client that keeps them longer (the JDK's default is
        // 20 minutes) sends on closed ones, and such a request's answer is lost: keep them less than that
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        }
    }

    private final List<URI> gateways;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> unknownWhy = new java.util.concurrent.ConcurrentHashMap<>();

    Doors(List<URI> gateways, String bootstrapServers) {
        this.gateways = List.copyOf(gateways);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.CLIENT_ID_CONFIG, "chaos-load"),
                new StringSerializer(), new ByteArraySerializer());
    }

    int gatewayCount() {
        return gateways.size();
    }

    URI gateway(int index) {
        return gateways.get(Math.floorMod(index, gateways.size()));
    }

    /** {@code POST /orchestrators/{name}/{id}} on gateway {@code index}. */
    Outcome startHttp(int index, String name, String instanceId, JsonNode input) {
        return call(index, BASE + "/orchestrators/" + name + "/" + encode(instanceId), input);
    }

    /** {@code POST /instances/{id}/raiseEvent/{event}} on gateway {@code index}. */
    Outcome raiseHttp(int index, String instanceId, String event, JsonNode data) {
        return call(index, BASE + "/instances/" + encode(instanceId) + "/raiseEvent/" + event, data);
    }

    /** Whether gateway {@code index} knows the instance: true, false (404), or null when it cannot say now. */
    Boolean exists(int index, String instanceId) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(gateway(index)
                    .resolve(BASE + "/instances/" + encode(instanceId) + "?showInput=false")).timeout(CALL_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return switch (response.statusCode()) {
                case 200, 202 -> true;
                case 404 -> false;
                default -> null;
            };
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An instance's status with its history and outputs, from gateway {@code index}; null when it cannot say. */
    JsonNode statusWithHistory(int index, String instanceId) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(gateway(index).resolve(BASE
                    + "/instances/" + encode(instanceId) + "?showHistory=true&showHistoryOutput=true"))
                    .timeout(CALL_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? DtkJson.mapper().readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether gateway {@code index} answers {@code /health/ready} with 200. */
    boolean ready(int index) {
        try {
            return http.send(HttpRequest.newBuilder(gateway(index).resolve("/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Produces {@code command} for {@code instanceId} to {@code dtk.commands}, waiting for the acknowledgement. */
    Outcome send(String instanceId, Command command) {
        return sendRaw(instanceId, DtkJson.write(command));
    }

    Outcome sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, key, value)).get(150, TimeUnit.SECONDS);
            return Outcome.ACCEPTED;
        } catch (ExecutionException | TimeoutException e) {
            return unknown("Kafka " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNKNOWN;
        }
    }

    private Outcome call(int index, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(gateway(index).resolve(path)).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? "null".getBytes(StandardCharsets.UTF_8)
                        : DtkJson.write(body))).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return switch (status) {
                case 200, 202 -> Outcome.ACCEPTED;
                case 409 -> Outcome.EXISTS;
                case 404 -> Outcome.NOT_FOUND;
                case 410 -> Outcome.GONE;
                case 503 -> Outcome.NOT_ACCEPTED;
                default -> unknown("HTTP " + status);
            };
        } catch (ConnectException e) {
            return Outcome.NOT_ACCEPTED;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            return unknown(e.getClass().getSimpleName() + " (" + message.substring(0, Math.min(60, message.length()))
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNKNOWN;
        }
    }

    private Outcome unknown(String why) {
        unknownWhy.computeIfAbsent(why, w -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return Outcome.UNKNOWN;
    }

    /** Why HTTP answers went missing: exception or status, and how often. */
    Map<String, Integer> unknownAnswers() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        unknownWhy.forEach((why, count) -> copy.put(why, count.get()));
        return copy;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
