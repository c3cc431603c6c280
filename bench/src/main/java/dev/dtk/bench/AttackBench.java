package dev.dtk.bench;

import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.HostileClients;
import dev.dtk.testkit.HostileClients.Kind;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway under attack: keyed status GETs, one at a time, first on a quiet gateway, then while
 * connections without a key hang on to it: a third idle, a third sending their headers a byte every
 * 500 ms, a third POSTs announcing a 100 kB body and sending a byte of it every 500 ms (those get
 * 401 before their body is read). The gateway lets one address hold them all, as if they came from
 * many.
 */
final class AttackBench {

    private static final String BASE = "/runtime/webhooks/durabletask";
    private static final String KEY = "bench-key";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DtkGateway gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    AttackBench(LocalDtk dtk) {
        this.gateway = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(KEY))
                .maxConnectionsPerAddress(10_000).maxConnections(10_000), routes -> { });
    }

    record Rows(Percentiles quiet, Percentiles attacked, int connections, String stillOpen) {
    }

    Rows run(int gets, int connections) throws Exception {
        String id = "attack-bench-1";
        send(HttpRequest.newBuilder(URI.create(gateway.url() + BASE + "/orchestrators/HelloSequence/" + id))
                .header("x-functions-key", KEY).POST(HttpRequest.BodyPublishers.noBody()), 202);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (status(id) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " did not complete within " + WAIT);
            }
        }
        statusGets(id, Math.max(100, gets / 5));
        Percentiles quiet = statusGets(id, gets);
        int third = connections / 3;
        try (HostileClients attack = HostileClients.against(gateway.url(), null,
                BASE + "/orchestrators/HelloSequence", Duration.ofMillis(500))
                .open(Kind.IDLE, connections - 2 * third).open(Kind.SLOW_HEADERS, third).open(Kind.SLOW_BODY, third)) {
            while (attack.answers(Kind.SLOW_BODY).getOrDefault(0, 0L) > 0) {
                if (System.nanoTime() > deadline + WAIT.toNanos()) {
                    throw new IllegalStateException("the slow bodies without a key were not answered: "
                            + attack.answers(Kind.SLOW_BODY));
                }
                Thread.sleep(10);
            }
            Percentiles attacked = statusGets(id, gets);
            return new Rows(quiet, attacked, connections, attack.stillOpen() + ", slow bodies answered "
                    + attack.answers(Kind.SLOW_BODY));
        }
    }

    static void print(PrintStream out, Rows rows) {
        out.printf("| (k) HTTP: keyed status GET, one at a time, quiet gateway | %s |%n", rows.quiet());
        out.printf("| (k) same, while %d connections without a key hang on (idle, slow headers, slow bodies) | %s |%n",
                rows.connections(), rows.attacked());
    }

    private Percentiles statusGets(String id, int count) throws Exception {
        List<Long> micros = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            int status = status(id);
            micros.add((System.nanoTime() - start) / 1_000);
            if (status != 200) {
                throw new IllegalStateException("a keyed status GET answered " + status);
            }
        }
        return new Percentiles(micros);
    }

    private int status(String id) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(gateway.url() + BASE + "/instances/" + id))
                .header("x-functions-key", KEY).timeout(WAIT).GET(), -1);
    }

    private int send(HttpRequest.Builder request, int expected) throws Exception {
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (expected > 0 && status != expected) {
            throw new IllegalStateException("the gateway answered " + status + ", not " + expected);
        }
        return status;
    }
}
