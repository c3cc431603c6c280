package dev.dtk.gateway.internal;

import io.undertow.server.ServerConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.StreamConnection;

/**
 * Counts the gateway's open connections as they are accepted and closed, in all and per client
 * address. A connection over a limit is still accepted, but its request is answered 503 with
 * {@code Retry-After} and the connection closed: the caller learns to come back instead of waiting
 * in a queue without end. Trusted proxies carry many callers and have no per-address limit.
 * Sits in front of Undertow's open listener.
 */
public final class ConnectionLimits implements ChannelListener<StreamConnection> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final ChannelListener<StreamConnection> next;
    private final int maxConnections;
    private final int maxPerAddress;
    private final TrustedProxies proxies;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<SocketAddress, String> refused = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ConnectionLimits(ChannelListener<StreamConnection> next, int maxConnections, int maxPerAddress,
            TrustedProxies proxies) {
        this.next = next;
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.proxies = proxies;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        SocketAddress peer = connection.getPeerAddress();
        InetAddress address = peer instanceof InetSocketAddress socket ? socket.getAddress() : null;
        int total = open.incrementAndGet();
        int fromAddress = address == null ? 0 : perAddress.merge(address, 1, Integer::sum);
        connection.setCloseListener(closed -> release(peer, address));
        String why = null;
        if (total > maxConnections) {
            why = "The gateway has too many open connections (limit " + maxConnections + ").";
        } else if (fromAddress > maxPerAddress && !proxies.trusts(address)) {
            why = "Too many open connections from your address (limit " + maxPerAddress + ").";
        }
        if (why != null) {
            refused.put(peer, why);
            warn(why, address);
        }
        next.handleEvent(connection);
    }

    /** Why {@code connection} is over a limit; null when it is within the limits. */
    String refusal(ServerConnection connection) {
        return refused.isEmpty() ? null : refused.get(connection.getPeerAddress());
    }

    /** Open connections right now. */
    int open() {
        return open.get();
    }

    private void release(SocketAddress peer, InetAddress address) {
        open.decrementAndGet();
        refused.remove(peer);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private void warn(String why, InetAddress address) {
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("refusing connections with 503: {} Latest from {}; {} open. (Logged at most once a minute.)",
                    why, address, open.get());
        }
    }
}
