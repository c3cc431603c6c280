package dev.dtk.gateway.internal;

import dev.dtk.gateway.GatewayConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The gateway's HTTP/1.1 listener: Undertow's HTTP protocol on an XNIO worker of its own, as
 * {@link Undertow#start()} builds it, plus what a listener open to hostile clients needs: a
 * connection that has no request in progress is closed after {@code idleTimeout}, request line and
 * headers must arrive within {@code headerTimeout}, a client that stops taking an answer is dropped
 * after {@code readTimeout}, headers are capped at 64 KiB, and {@link ConnectionLimits} counts every
 * accepted connection. Past twice the connection limit the listener stops accepting until some close
 * (new connections then wait in the kernel's backlog).
 */
public final class HttpListener implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> server;
    private final ConnectionLimits limits;

    private HttpListener(XnioWorker worker, AcceptingChannel<StreamConnection> server, ConnectionLimits limits) {
        this.worker = worker;
        this.server = server;
        this.limits = limits;
    }

    /**
     * Starts listening where {@code config} says; {@code root} makes the handler of every request from
     * the connection limits (to answer 503 on a connection over them).
     */
    public static HttpListener start(GatewayConfig config, Function<ConnectionLimits, HttpHandler> root) {
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        XnioWorker worker;
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, "dtk-gateway-io")
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, 4)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gateway's I/O threads", e);
        }
        OptionMap undertowOptions = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(config.idleTimeout()))
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(config.headerTimeout()))
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .getMap();
        HttpOpenListener http = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4),
                undertowOptions);
        ConnectionLimits limits = new ConnectionLimits(http, config.maxConnections(),
                config.maxConnectionsPerAddress(), TrustedProxies.parse(config.trustedProxies()));
        http.setRootHandler(root.apply(limits));
        int highWater = (int) Math.min(Integer.MAX_VALUE, 2L * config.maxConnections());
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .set(Options.WRITE_TIMEOUT, millis(config.readTimeout()))
                .set(Options.CONNECTION_HIGH_WATER, highWater)
                .set(Options.CONNECTION_LOW_WATER, highWater)
                .getMap();
        ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(limits);
        try {
            AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), accept,
                    socketOptions);
            server.resumeAccepts();
            return new HttpListener(worker, server, limits);
        } catch (IOException e) {
            worker.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** The port listened on (the actual one when 0 was asked for). */
    public int port() {
        return server.getLocalAddress(InetSocketAddress.class).getPort();
    }

    /** Connections open right now. */
    public int openConnections() {
        return limits.open();
    }

    @Override
    public void close() {
        IoUtils.safeClose(server);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
