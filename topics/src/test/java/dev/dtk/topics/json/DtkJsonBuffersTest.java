package dev.dtk.topics.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Jackson's buffers are lent per call, not kept by every thread that once wrote JSON. */
class DtkJsonBuffersTest {

    @Test
    void shouldNotKeepBuffersForEachParkedVirtualThreadThatWroteJson() throws Exception {
        RecyclerPool<BufferRecycler> pool = DtkJson.mapper().getFactory()._getRecyclerPool();
        // loads the serializers of exactly the shape the threads write, before they race for them: a
        // virtual thread that blocks on a lock inside a write (a serializer being looked up) unmounts
        // holding its buffers, and the next thread on that carrier takes another set
        DtkJson.write(Map.of("n", -1));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch wrote = new CountDownLatch(200);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                DtkJson.write(Map.of("n", n));
                wrote.countDown();
                try {
                    release.await(); // parked, as an orchestration waiting for its next event is
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        wrote.await();

        // the buffers came back to the shared pool: as many sets as writes ran at once, not one per
        // parked thread (Jackson's default, a pool per thread, does not even count them: -1). Writes
        // overlap only where a thread unmounted mid-write, so the count stays far below the 200 threads;
        // a fresh test JVM busy compiling and loading classes once reached 54
        assertThat(pool.pooledCount()).isBetween(1, 99);
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
