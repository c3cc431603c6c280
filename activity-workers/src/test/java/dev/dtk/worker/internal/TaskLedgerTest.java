package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskLedgerTest {

    private static ActivityTask task(String instanceId, int taskId, int rewinds) {
        return new ActivityTask(1, instanceId, "e1", taskId, "SendSms", null, null, rewinds);
    }

    private static ActivityResult done(ActivityTask task, String output) {
        return ActivityCompleted.of(task, TextNode.valueOf(output));
    }

    @Test
    void shouldRunANewTaskAndAnswerItsCopyWithTheRecordedResult() {
        TaskLedger ledger = new TaskLedger(100, 1_000_000, r -> 10);
        ActivityTask task = task("i", 0, 0);

        assertThat(ledger.admit(TaskKey.of(task), () -> { })).isInstanceOf(TaskLedger.Run.class);
        ledger.settled(TaskKey.of(task), done(task, "code 0274"));

        ActivityTask redone = new ActivityTask(1, "i", "e1", 0, "SendSms", TextNode.valueOf("other input"),
                java.time.Instant.now(), 0);
        assertThat(ledger.admit(TaskKey.of(redone), () -> { }))
                .isEqualTo(new TaskLedger.Answered(done(task, "code 0274")));
    }

    @Test
    void shouldLetACopyOfARunningTaskFinishWithThatRun() {
        TaskLedger ledger = new TaskLedger(100, 1_000_000, r -> 10);
        ActivityTask task = task("i", 0, 0);
        List<String> finished = new ArrayList<>();
        ledger.admit(TaskKey.of(task), () -> finished.add("first"));

        assertThat(ledger.admit(TaskKey.of(task), () -> finished.add("copy"))).isInstanceOf(TaskLedger.Joined.class);
        assertThat(finished).isEmpty();

        ledger.settled(TaskKey.of(task), done(task, "x")).forEach(Runnable::run);
        assertThat(finished).containsExactly("copy");
    }

    @Test
    void shouldRunARewoundTaskAgain() {
        TaskLedger ledger = new TaskLedger(100, 1_000_000, r -> 10);
        ActivityTask failedRun = task("i", 3, 0);
        ledger.admit(TaskKey.of(failedRun), () -> { });
        ledger.settled(TaskKey.of(failedRun), done(failedRun, "failed"));

        assertThat(ledger.admit(TaskKey.of(task("i", 3, 1)), () -> { })).isInstanceOf(TaskLedger.Run.class);
    }

    @Test
    void shouldAnswerTasksWhoseResultsWereReadBack() {
        TaskLedger ledger = new TaskLedger(100, 1_000_000, r -> 10);
        ActivityTask task = task("i", 1, 0);

        ledger.recall(List.of(done(task, "ran on a worker that died")));

        assertThat(ledger.admit(TaskKey.of(task), () -> { }))
                .isEqualTo(new TaskLedger.Answered(done(task, "ran on a worker that died")));
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedResultsBeyondItsLimits() {
        TaskLedger byCount = new TaskLedger(2, 1_000_000, r -> 10);
        byCount.recall(List.of(done(task("a", 0, 0), "a"), done(task("b", 0, 0), "b")));
        byCount.admit(TaskKey.of(task("a", 0, 0)), () -> { }); // a is used again: b is now the oldest
        byCount.recall(List.of(done(task("c", 0, 0), "c")));

        assertThat(byCount.recordedCount()).isEqualTo(2);
        assertThat(byCount.admit(TaskKey.of(task("a", 0, 0)), () -> { })).isInstanceOf(TaskLedger.Answered.class);
        assertThat(byCount.admit(TaskKey.of(task("b", 0, 0)), () -> { })).isInstanceOf(TaskLedger.Run.class);

        TaskLedger byBytes = new TaskLedger(100, 25, r -> 10);
        byBytes.recall(List.of(done(task("a", 0, 0), "a"), done(task("b", 0, 0), "b"), done(task("c", 0, 0), "c")));
        assertThat(byBytes.recordedCount()).isEqualTo(2);

        TaskLedger tooLarge = new TaskLedger(100, 5, r -> 10);
        tooLarge.recall(List.of(done(task("a", 0, 0), "a")));
        assertThat(tooLarge.recordedCount()).isZero();
    }
}
