package dev.dtk.worker.http.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory, but never more than {@code maxBytes}: a longer body (or one
 * announced longer by {@code Content-Length}) stops the read and fails it with {@link TooLarge}, so a
 * huge answer never fills the worker's memory.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the limit; {@code announced} when {@code Content-Length} said so before any byte. */
    static final class TooLarge extends RuntimeException {

        final long maxBytes;

        TooLarge(long maxBytes) {
            super("the body is more than " + maxBytes + " bytes", null, false, false);
            this.maxBytes = maxBytes;
        }
    }

    private final long maxBytes;
    private final boolean announcedTooLarge;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private BoundedBody(long maxBytes, boolean announcedTooLarge) {
        this.maxBytes = maxBytes;
        this.announcedTooLarge = announcedTooLarge;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
        return info -> new BoundedBody(maxBytes,
                info.headers().firstValueAsLong("Content-Length").orElse(-1) > maxBytes);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (announcedTooLarge) {
            s.cancel();
            result.completeExceptionally(new TooLarge(maxBytes));
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
