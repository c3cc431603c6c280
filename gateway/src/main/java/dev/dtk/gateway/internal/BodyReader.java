package dev.dtk.gateway.internal;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.xnio.XnioExecutor;

/**
 * Reads request bodies without holding a thread: Undertow's asynchronous receiver hands over the
 * bytes on the connection's I/O thread as they arrive, and nothing waits in between. A body is kept
 * up to the size limit. Over it the answer is 413: at once when the declared length says so, or
 * after the rest is read and dropped (up to four times the limit, so that the caller can read the
 * answer), or at once beyond that. Two clocks run while a body arrives: the longest pause between
 * bytes ({@code readTimeout}) and the whole body ({@code bodyTimeout}); when either runs out the
 * answer is 408.
 */
final class BodyReader {

    /** What a body gets at first: a caller that announces a large body and sends nothing holds no more. */
    private static final long INITIAL_BYTES = 64 * 1024;

    private final long maxBytes;
    private final long dropLimit;
    private final long readTimeoutNanos;
    private final long bodyTimeoutNanos;

    BodyReader(long maxBytes, Duration readTimeout, Duration bodyTimeout) {
        this.maxBytes = maxBytes;
        this.dropLimit = maxBytes > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : maxBytes * 4;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
    }

    /**
     * Reads the body of {@code exchange} (on its I/O thread); then {@code body} gets the bytes, or
     * {@code refused} the error to answer with. Exactly one of the two is called, on the I/O thread.
     */
    void read(HttpServerExchange exchange, BiConsumer<HttpServerExchange, byte[]> body,
            BiConsumer<HttpServerExchange, ApiError> refused) {
        long declared = exchange.getRequestContentLength();
        if (declared > dropLimit) {
            refused.accept(exchange, tooLarge(declared));
            return;
        }
        new Reading(exchange, declared, body, refused).start();
    }

    private ApiError tooLarge(long declared) {
        return ApiError.tooLarge("The request body" + (declared > 0 ? " (" + declared + " bytes)" : "")
                + " is larger than the limit of " + maxBytes + " bytes.");
    }

    /** One body on its way in; touched only on the connection's I/O thread. */
    private final class Reading implements Receiver.PartialBytesCallback, Receiver.ErrorCallback, Runnable {

        private final HttpServerExchange exchange;
        private final long declared;
        private final BiConsumer<HttpServerExchange, byte[]> body;
        private final BiConsumer<HttpServerExchange, ApiError> refused;
        private final ByteArrayOutputStream kept;
        private final long startNanos = System.nanoTime();
        private long lastByteNanos = startNanos;
        private long received;
        private boolean finished;
        private XnioExecutor.Key clock;

        Reading(HttpServerExchange exchange, long declared, BiConsumer<HttpServerExchange, byte[]> body,
                BiConsumer<HttpServerExchange, ApiError> refused) {
            this.exchange = exchange;
            this.declared = declared;
            this.body = body;
            this.refused = refused;
            this.kept = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), Math.min(maxBytes, INITIAL_BYTES)));
        }

        void start() {
            clock = exchange.getIoThread().executeAfter(this, readTimeoutNanos, TimeUnit.NANOSECONDS);
            exchange.getRequestReceiver().receivePartialBytes(this, this);
        }

        @Override
        public void handle(HttpServerExchange ignored, byte[] message, boolean last) {
            if (finished) {
                return;
            }
            lastByteNanos = System.nanoTime();
            received += message.length;
            if (received <= maxBytes) {
                kept.write(message, 0, message.length);
            } else if (received > dropLimit) {
                refuse(tooLarge(declared));
                return;
            }
            if (last) {
                finish();
                if (received > maxBytes) {
                    refused.accept(exchange, tooLarge(declared));
                } else {
                    body.accept(exchange, kept.toByteArray());
                }
            }
        }

        @Override
        public void error(HttpServerExchange ignored, IOException e) {
            if (!finished) {
                finish();
                refused.accept(exchange, e instanceof Receiver.RequestToLargeException ? tooLarge(declared)
                        : ApiError.badRequest("Could not read the request body: " + e.getMessage()));
            }
        }

        /** The clock: runs on the I/O thread when a pause or the whole body may have run too long. */
        @Override
        public void run() {
            clock = null;
            if (finished) {
                return;
            }
            long now = System.nanoTime();
            long bodyLeft = startNanos + bodyTimeoutNanos - now;
            long pauseLeft = lastByteNanos + readTimeoutNanos - now;
            if (bodyLeft <= 0) {
                refuse(timeout("The request body did not arrive within " + seconds(bodyTimeoutNanos)
                        + "; send it faster or in smaller requests."));
            } else if (pauseLeft <= 0) {
                refuse(timeout("No byte of the request body arrived for " + seconds(readTimeoutNanos) + "."));
            } else {
                clock = exchange.getIoThread().executeAfter(this, Math.min(bodyLeft, pauseLeft), TimeUnit.NANOSECONDS);
            }
        }

        private void refuse(ApiError error) {
            finish();
            exchange.getRequestReceiver().pause();
            refused.accept(exchange, error);
        }

        private void finish() {
            finished = true;
            if (clock != null) {
                clock.remove();
                clock = null;
            }
        }
    }

    private static ApiError timeout(String message) {
        return new ApiError(408, "Request Timeout", message);
    }

    private static String seconds(long nanos) {
        Duration duration = Duration.ofNanos(nanos);
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
