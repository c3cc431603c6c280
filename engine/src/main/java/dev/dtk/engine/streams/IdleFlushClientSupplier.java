package dev.dtk.engine.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the engine's producer batch while the engine is busy, and send at once when it is idle.
 *
 * <p>The producer lingers ({@code linger.ms}), so that a busy stream thread's records go out in few,
 * large produce requests: fewer requests is what a busy broker needs most. A lingering record would
 * make an idle engine slow, though: workers read tasks as soon as they are written. So when the stream
 * thread has nothing left to process (its consumer, asked without waiting, has no records for it) and is
 * about to wait for input, its producer is flushed on a thread of its own: what the last step wrote goes
 * out now instead of after the linger. The stream thread's processors may shorten that wait
 * ({@link StreamThreadSignals}): an end waiting for its commit, a timer due sooner. Each stream thread
 * learns its consumer on its first poll, for the timer sweep's question whether its input is all read
 * ({@link InputLag}).
 */
final class IdleFlushClientSupplier extends DefaultKafkaClientSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(IdleFlushClientSupplier.class);
    private static final String PRODUCER_SUFFIX = "-producer";
    private static final String CONSUMER_SUFFIX = "-consumer";

    /** The flusher of each stream thread's producer, by the thread's client ID. */
    private final Map<String, Flusher> flushers = new ConcurrentHashMap<>();

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new FlushedProducer(config, threadOf(config, PRODUCER_SUFFIX));
    }

    /** A stream thread's producer, with its flusher; a fenced thread's next producer brings its own. */
    private final class FlushedProducer extends KafkaProducer<byte[], byte[]> {
        private final String thread;
        private final Flusher flusher;

        FlushedProducer(Map<String, Object> config, String thread) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
            this.thread = thread;
            this.flusher = new Flusher(this, thread);
            Flusher previous = flushers.put(thread, flusher);
            if (previous != null) {
                previous.stop();
            }
            flusher.start();
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            flusher.sent();
            return super.send(record, callback);
        }

        @Override
        public void close(Duration timeout) {
            flushers.remove(thread, flusher); // not its successor's, should that be made first
            flusher.stop();
            super.close(timeout);
        }
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        String thread = threadOf(config, CONSUMER_SUFFIX);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()) {
            @Override
            public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                StreamThreadSignals signals = StreamThreadSignals.current();
                signals.polled(this);
                if (timeout.isZero()) {
                    return super.poll(timeout);
                }
                ConsumerRecords<byte[], byte[]> ready = super.poll(Duration.ZERO);
                if (!ready.isEmpty()) {
                    signals.gotInput();
                    return ready; // busy: let the producer batch on
                }
                Flusher flusher = flushers.get(thread);
                if (flusher != null) {
                    flusher.request();
                }
                if (signals.ranOutOfInput()) {
                    return ready; // an end waits for its commit
                }
                return super.poll(signals.pollTimeout(timeout, System.currentTimeMillis()));
            }
        };
    }

    private static String threadOf(Map<String, Object> config, String suffix) {
        String clientId = String.valueOf(config.get(CommonClientConfigs.CLIENT_ID_CONFIG));
        return clientId.endsWith(suffix) ? clientId.substring(0, clientId.length() - suffix.length()) : clientId;
    }

    /**
     * Flushes one producer whenever asked, on its own thread, so that the stream thread never waits for it;
     * only when something was sent since the last request: an idle stream thread asks before every wait
     * (every {@code poll.ms}), and each flush woke this thread and the producer's I/O thread for nothing.
     */
    private static final class Flusher implements Runnable {
        private final Producer<byte[], byte[]> producer;
        private final Thread thread;
        private final AtomicBoolean requested = new AtomicBoolean();
        private final AtomicBoolean unflushed = new AtomicBoolean();
        private volatile boolean stopped;

        Flusher(Producer<byte[], byte[]> producer, String name) {
            this.producer = producer;
            this.thread = Thread.ofPlatform().daemon().name(name + "-idle-flush").unstarted(this);
        }

        void start() {
            thread.start();
        }

        /** A record was handed to the producer. */
        void sent() {
            unflushed.lazySet(true);
        }

        void request() {
            if (unflushed.getAndSet(false) && requested.compareAndSet(false, true)) {
                LockSupport.unpark(thread);
            }
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!stopped) {
                if (!requested.getAndSet(false)) {
                    LockSupport.park(this);
                    continue;
                }
                try {
                    producer.flush();
                } catch (RuntimeException e) {
                    // fenced, aborted or closing: the stream thread sees the same and deals with it
                    LOG.debug("idle flush of {} failed: {}", thread.getName(), e.toString());
                }
            }
        }
    }
}
