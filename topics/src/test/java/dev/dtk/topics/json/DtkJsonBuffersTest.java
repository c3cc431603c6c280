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
        DtkJson.write(Map.of("n", -1)); // loads the serializers once, before the threads write
        int before = Math.max(pool.pooledCount(), 1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            CountDownLatch wrote = new CountDownLatch(1);
            threads.add(Thread.ofVirtual().start(() -> {
                DtkJson.write(Map.of("n", n));
                wrote.countDown();
                try {
                    release.await(); // parked, as an orchestration waiting for its next event is
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            wrote.await(); // one write at a time: none overlaps another, whatever the scheduler does
        }

        // 200 threads wrote and stay parked, one after another: each borrowed the shared pool's set and gave
        // it back, so the pool holds no more sets than before. A pool per thread (Jackson's default) would
        // keep one for each parked thread, and does not even count them (-1)
        assertThat(pool.pooledCount()).isBetween(1, before);
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
