package dev.dtk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.activity.ActivityRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes stopped with work in flight: every instance still completes, exactly as without the crash. */
class CrashRecoveryTest {

    private static final String HELLO_OUTPUT = "[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]";

    @TempDir
    Path dir;

    @Test
    void shouldCompleteEveryInstanceWhenTheEngineCrashesMidway() throws Exception {
        try (DtkTestCluster dtk = new DtkTestCluster(dir, TestOrchestrations.catalog())) {
            // enough that the crash surely comes midway: a quiet engine finishes 200 in about half a second
            List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "crash-" + i).toList();
            ids.forEach(id -> dtk.send(id, StartOrchestration.of("HelloSequence", null)));
            await().atMost(DtkTestCluster.TIMEOUT).until(() -> finished(dtk, ids) >= 20);

            dtk.crashEngine();
            int finishedAtCrash = finished(dtk, ids);
            dtk.startEngine();

            for (String id : ids) {
                InstanceStatus done = dtk.awaitFinished(id);
                assertThat(done.runtimeStatus()).as(id).isEqualTo(RuntimeStatus.Completed);
                assertThat(done.output().toString()).as(id).isEqualTo(HELLO_OUTPUT);
            }
            assertThat(finishedAtCrash).as("crashed midway").isLessThan(ids.size());
            for (String id : ids) {
                InstanceState state = dtk.engine().localInstance(id).orElseThrow();
                List<Integer> completedTasks = state.history().stream()
                        .filter(HistoryEvent.TaskCompleted.class::isInstance)
                        .map(e -> ((HistoryEvent.TaskCompleted) e).taskId()).toList();
                assertThat(completedTasks).as("results applied in %s", id).containsExactly(0, 1, 2);
            }
        }
    }

    @Test
    void shouldRedeliverActivitiesOfAWorkerThatDied() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        OrchestratorRegistry orchestrators = TestOrchestrations.catalog().orchestrators();
        ActivityRegistry activities = ActivityRegistry.builder()
                .register("SayHello", ctx -> {
                    started.incrementAndGet();
                    release.await();
                    return "Hello " + ctx.getInput(String.class) + "!";
                })
                .build();
        try (DtkTestCluster dtk = new DtkTestCluster(dir, orchestrators, activities)) {
            List<String> ids = IntStream.range(0, 10).mapToObj(i -> "worker-crash-" + i).toList();
            ids.forEach(id -> dtk.send(id, StartOrchestration.of("HelloSequence", null)));
            await().atMost(DtkTestCluster.TIMEOUT).until(() -> started.get() >= ids.size());

            dtk.worker().close(Duration.ZERO);
            release.countDown();
            dtk.startWorker();

            for (String id : ids) {
                assertThat(dtk.awaitFinished(id).output().toString()).as(id).isEqualTo(HELLO_OUTPUT);
            }
        }
    }

    private static int finished(DtkTestCluster dtk, List<String> ids) {
        return (int) ids.stream().map(id -> dtk.watcher().latest(id))
                .filter(s -> s != null && s.runtimeStatus().isTerminal()).count();
    }
}
