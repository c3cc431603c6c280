package dev.dtk.bench;

import com.sun.net.httpserver.HttpServer;
import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.HttpMethod;
import dev.dtk.local.LocalDtk;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * callHttp against a local endpoint, on a broker and engine of their own: one call per orchestration,
 * one at a time and many in flight, against the same endpoint called directly with the JDK's client;
 * and a call whose first answer is a 202 with {@code Retry-After: 0}, which costs one poll round more.
 */
final class HttpBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String GET = "HttpGet";
    private static final String POLL = "HttpPollOnce";
    private static final String ACTIVITY = "OneActivity";

    private HttpBench() {
    }

    static List<String> run(PrintStream out, int calls, int inFlight, int partitions) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ping", exchange -> answer(exchange, 200, "pong", null));
        server.createContext("/job", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/job")) {
                answer(exchange, 202, "", "/job/done");
            } else {
                answer(exchange, 200, "done", null);
            }
        });
        server.start();
        URI ping = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping");
        URI job = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/job");
        DtkApp app = builder -> builder
                .orchestrator(GET, ctx -> ctx.callHttp(HttpMethod.GET, ping).await().statusCode())
                .orchestrator(POLL, ctx -> ctx.callHttp(DurableHttpRequest.post(job)).await().statusCode())
                .orchestrator(ACTIVITY, ctx -> ctx.callActivity("Noop", null, String.class).await())
                .activity("Noop", ctx -> "ok");
        Path home = BenchHome.create("dtk-bench-http");
        List<String> rows = new ArrayList<>();
        try (LocalDtk dtk = LocalDtk.start(home, 0, partitions, AppCatalog.of(List.of(app), Map.of(),
                () -> (to, body) -> { }));
                DtkClient client = Bench.client(dtk.bootstrapServers(), home.resolve("client"));
                HttpClient direct = HttpClient.newHttpClient()) {
            CompletionWatcher completions = new CompletionWatcher(client);
            Starter starter = new Starter(completions);
            out.println("http: warming up...");
            for (String name : List.of(GET, POLL, ACTIVITY)) {
                ClosedLoop.run(completions, "warm-" + name + "-", 500, 16, id -> starter.start(id, name));
            }
            directOneAtATime(direct, ping, 500);

            out.printf("http: %d calls one at a time, then %d with %d in flight...%n", calls, calls * 4, inFlight);
            Percentiles directOne = directOneAtATime(direct, ping, calls);
            ClosedLoop.Result directLoad = directLoad(direct, ping, calls * 4, inFlight);
            Percentiles httpOne = starter.oneAtATime("http-one-", calls, GET);
            ClosedLoop.Result httpLoad = ClosedLoop.run(completions, "http-load-", calls * 4, inFlight,
                    id -> starter.start(id, GET));
            Percentiles activityOne = starter.oneAtATime("act-one-", calls, ACTIVITY);
            ClosedLoop.Result activityLoad = ClosedLoop.run(completions, "act-load-", calls * 4, inFlight,
                    id -> starter.start(id, ACTIVITY));
            Percentiles pollOne = starter.oneAtATime("poll-one-", calls, POLL);
            Percentiles exchanges = roundTrips(dtk, "http-one-", calls, 0);
            Percentiles activities = roundTrips(dtk, "act-one-", calls, 0);
            Percentiles pollRounds = roundTrips(dtk, "poll-one-", calls, 1);

            rows.add(String.format("| (n) endpoint called directly (JDK HttpClient), one at a time | %s |", directOne));
            rows.add(String.format("| (n) same, %d in flight | %.0f calls/s, %s |", inFlight, directLoad.perSecond(),
                    directLoad.latency()));
            rows.add(String.format("| (o) callHttp GET in an orchestration, one at a time, start → completion seen"
                    + " | %s |", httpOne));
            rows.add(String.format("| (o) same, %d in flight | %.0f calls/s, %s |", inFlight, httpLoad.perSecond(),
                    httpLoad.latency()));
            rows.add(String.format("| (o) for comparison: one callActivity in an orchestration, one at a time | %s |",
                    activityOne));
            rows.add(String.format("| (o) for comparison: same, %d in flight | %.0f orchestrations/s, %s |", inFlight,
                    activityLoad.perSecond(), activityLoad.latency()));
            rows.add(String.format("| (o) one HTTP exchange as the engine records it (task scheduled → answer"
                    + " recorded) | %s |", exchanges));
            rows.add(String.format("| (o) for comparison: one activity round trip as the engine records it | %s |",
                    activities));
            rows.add(String.format("| (p) callHttp POST answered 202 + Retry-After: 0, then 200 on the poll, one at a"
                    + " time | %s |", pollOne));
            rows.add(String.format("| (p) one poll round with Retry-After: 0 (202 recorded → the poll's answer"
                    + " recorded) | %s |", pollRounds));
        } finally {
            server.stop(0);
        }
        return rows;
    }

    /**
     * For each instance, the time from the engine step that recorded answer {@code index - 1} (or
     * scheduled the first task, for 0) to the step that recorded answer {@code index} (millisecond times).
     */
    private static Percentiles roundTrips(LocalDtk dtk, String prefix, int count, int index) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<HistoryEvent> history = dtk.engine().localInstance(prefix + i).orElseThrow().history();
            List<HistoryEvent> done = history.stream().filter(HistoryEvent.TaskCompleted.class::isInstance).toList();
            HistoryEvent from = index == 0 ? history.stream().filter(HistoryEvent.TaskScheduled.class::isInstance)
                    .findFirst().orElseThrow() : done.get(index - 1);
            micros.add(Duration.between(from.timestamp(), done.get(index).timestamp()).toNanos() / 1_000);
        }
        return new Percentiles(micros);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body, String location)
            throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private static Percentiles directOneAtATime(HttpClient client, URI uri, int count) throws Exception {
        List<Long> micros = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            client.send(request, HttpResponse.BodyHandlers.ofString());
            micros.add((System.nanoTime() - start) / 1_000);
        }
        return new Percentiles(micros);
    }

    private static ClosedLoop.Result directLoad(HttpClient client, URI uri, int count, int inFlight)
            throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            long started = System.nanoTime();
            all.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                micros.add((System.nanoTime() - started) / 1_000);
                slots.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new ClosedLoop.Result(count / ((System.nanoTime() - begin) / 1e9), new Percentiles(micros));
    }

    /** Starts orchestrations with {@link DtkClient#send} (no checks, no extra round trip), as Bench's client does. */
    private record Starter(CompletionWatcher completions) {

        void start(String id, String name) {
            completions.send(id, StartOrchestration.of(name, null));
        }

        Percentiles oneAtATime(String prefix, int count, String name) throws Exception {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = prefix + i;
                CompletableFuture<InstanceStatus> done = completions.expect(id);
                long start = System.nanoTime();
                start(id, name);
                ClosedLoop.checkCompleted(id, done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                micros.add((System.nanoTime() - start) / 1_000);
            }
            return new Percentiles(micros);
        }
    }
}
