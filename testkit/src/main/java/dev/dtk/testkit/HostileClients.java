package dev.dtk.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Many connections to an HTTP server that cost the client nothing and try to cost the server a lot:
 * idle ones that never send a byte, ones that send their headers a byte at a time, and ones that send
 * a POST's headers announcing a large body and then the body a byte at a time. Every connection has
 * a virtual thread that reads what the server answers and notices when it closes the connection.
 */
public final class HostileClients implements AutoCloseable {

    /** How a connection misbehaves. */
    public enum Kind { IDLE, SLOW_HEADERS, SLOW_BODY }

    private static final int ANNOUNCED_BODY_BYTES = 100_000;

    private final class Connection {
        final Kind kind;
        final Socket socket;
        volatile boolean closedByServer;
        volatile int status;

        Connection(Kind kind, Socket socket) {
            this.kind = kind;
            this.socket = socket;
        }

        void dribble() {
            if (closedByServer || kind == Kind.IDLE) {
                return;
            }
            try {
                socket.getOutputStream().write(kind == Kind.SLOW_HEADERS ? 'a' : ' ');
            } catch (IOException e) {
                closedByServer = true;
            }
        }

        void readAnswers() {
            try (InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[512];
                int read = in.read(buffer);
                if (read > 12 && status == 0) {
                    status = Integer.parseInt(new String(buffer, 9, 3, StandardCharsets.ISO_8859_1));
                }
                while (read >= 0) {
                    read = in.read(buffer);
                }
            } catch (IOException | NumberFormatException e) {
                // reset or closed by us: gone either way
            }
            closedByServer = true;
        }
    }

    private final URI target;
    private final String from;
    private final String path;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hostile-clients-dribbler");
        thread.setDaemon(true);
        return thread;
    });

    private HostileClients(URI target, String from, String path, Duration dribbleEvery) {
        this.target = target;
        this.from = from;
        this.path = path;
        long every = dribbleEvery.toMillis();
        dribbler.scheduleWithFixedDelay(() -> connections.forEach(Connection::dribble), every, every,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Ready to open connections to the server at {@code url} (http://host:port) from local address
     * {@code from} (null: any), sending {@code path} in their requests and one more byte on every
     * dribbling connection every {@code dribbleEvery}.
     */
    public static HostileClients against(String url, String from, String path, Duration dribbleEvery) {
        return new HostileClients(URI.create(url), from, path, dribbleEvery);
    }

    /** Opens {@code count} connections of {@code kind}; {@code headers} ("Name: value") go into their requests. */
    public HostileClients open(Kind kind, int count, String... headers) {
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            try {
                if (from != null) {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                }
                socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
                Connection connection = new Connection(kind, socket);
                String start = firstBytes(kind, headers);
                socket.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
                connections.add(connection);
                Thread.ofVirtual().name("hostile-client-reader").start(connection::readAnswers);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new IllegalStateException("cannot open hostile connection " + (i + 1) + " of " + count
                        + " (" + kind + ") to " + target + ": " + e, e);
            }
        }
        return this;
    }

    private String firstBytes(Kind kind, String... headers) {
        return switch (kind) {
            case IDLE -> "";
            case SLOW_HEADERS -> "GET " + path + " HTTP/1.1\r\nHost: " + target.getAuthority() + "\r\nX-Slow: ";
            case SLOW_BODY -> RawHttpConnection.head("POST", path, with(headers, "Content-Type: application/json",
                    "Content-Length: " + ANNOUNCED_BODY_BYTES)) + "[";
        };
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /** Connections of {@code kind} the server has not closed. */
    public long stillOpen(Kind kind) {
        return connections.stream().filter(c -> c.kind == kind && !c.closedByServer).count();
    }

    /** The statuses the server answered connections of {@code kind} with, and how often (0: no answer yet). */
    public Map<Integer, Long> answers(Kind kind) {
        return connections.stream().filter(c -> c.kind == kind)
                .collect(Collectors.groupingBy(c -> c.status, Collectors.counting()));
    }

    /** All connections, whatever they are. */
    public int size() {
        return connections.size();
    }

    @Override
    public void close() {
        dribbler.shutdownNow();
        connections.forEach(c -> closeQuietly(c.socket));
        connections.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Connections the server has not closed, per kind. */
    public Map<Kind, Long> stillOpen() {
        return List.of(Kind.values()).stream().collect(Collectors.toMap(Function.identity(), this::stillOpen));
    }
}
