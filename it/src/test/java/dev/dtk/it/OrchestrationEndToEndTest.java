package dev.dtk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.samples.EternalCounter;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every orchestration feature, end to end: commands in over Kafka, status out over Kafka. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestrationEndToEndTest {

    private DtkTestCluster dtk;

    @BeforeAll
    void startDtk(@TempDir Path dir) throws Exception {
        dtk = new DtkTestCluster(dir, TestOrchestrations.catalog());
    }

    @AfterAll
    void stopDtk() throws Exception {
        dtk.close();
    }

    private void start(String id, String name, Object input) {
        dtk.send(id, StartOrchestration.of(name, DtkJson.toTree(input)));
    }

    @Test
    void shouldRunTheHelloSequence() {
        start("hello-1", "HelloSequence", null);
        InstanceStatus done = dtk.awaitFinished("hello-1");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output().toString()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
        assertThat(done.name()).isEqualTo("HelloSequence");
        assertThat(done.createdTime()).isNotNull();
        assertThat(dtk.watcher().history("hello-1")).extracting(InstanceStatus::runtimeStatus)
                .startsWith(RuntimeStatus.Running);
    }

    @Test
    void shouldFanOutAndInOverAHundredActivities() {
        start("fan-1", "FanOutFanIn", 100);
        InstanceStatus done = dtk.awaitFinished("fan-1");
        assertThat(done.output().asLong()).isEqualTo(338_350L);
    }

    @Test
    void shouldFireADurableTimer() {
        start("timer-1", "Timer", 300);
        InstanceStatus done = dtk.awaitFinished("timer-1");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.lastUpdatedTime()).isAfterOrEqualTo(done.createdTime().plusMillis(300));
    }

    @Test
    void shouldDeliverAnEventRaisedAfterTheWait() {
        start("event-after", "WaitForEvent", null);
        dtk.awaitStatus("event-after", RuntimeStatus.Running);
        dtk.send("event-after", RaiseEvent.of("Go", TextNode.valueOf("now")));
        assertThat(dtk.awaitFinished("event-after").output()).isEqualTo(TextNode.valueOf("got now"));
    }

    @Test
    void shouldKeepEventsRaisedBeforeTheWaitInArrivalOrder() {
        start("events-before", "TwoEvents", null);
        dtk.send("events-before", RaiseEvent.of("Step", TextNode.valueOf("first")));
        dtk.send("events-before", RaiseEvent.of("Step", TextNode.valueOf("second")));
        assertThat(dtk.awaitFinished("events-before").output().toString()).isEqualTo("[\"first\",\"second\"]");
    }

    @Test
    void shouldLetTheEventWinTheRaceAgainstTheTimer() {
        start("race-event", "EventOrTimeout", 60_000);
        dtk.awaitStatus("race-event", RuntimeStatus.Running);
        dtk.send("race-event", RaiseEvent.of("Answer", TextNode.valueOf("42")));
        assertThat(dtk.awaitFinished("race-event").output()).isEqualTo(TextNode.valueOf("answer 42"));
    }

    @Test
    void shouldLetTheTimerWinTheRaceAgainstTheEvent() {
        start("race-timer", "EventOrTimeout", 200);
        assertThat(dtk.awaitFinished("race-timer").output()).isEqualTo(TextNode.valueOf("timed out"));
        dtk.send("race-timer", RaiseEvent.of("Answer", TextNode.valueOf("too late")));
        assertThat(dtk.watcher().latest("race-timer").output()).isEqualTo(TextNode.valueOf("timed out"));
    }

    @Test
    void shouldTimeOutAWaitForAnEvent() {
        start("cancel-1", "Cancellable", null);
        assertThat(dtk.awaitFinished("cancel-1").output()).isEqualTo(TextNode.valueOf("timeout"));
    }

    @Test
    void shouldRunSubOrchestrationsAndSurfaceTheirFailures() {
        start("parent-1", "Parent", null);
        InstanceStatus done = dtk.awaitFinished("parent-1");
        assertThat(done.output()).isEqualTo(TextNode.valueOf(
                "[Hello Tokyo!, Hello Seattle!, Hello London!] / child failed: orchestrator says boom"));
    }

    @Test
    void shouldContinueAsNewForAHundredGenerations() {
        start("counter-1", EternalCounter.NAME, new EternalCounter.State(0, 100, 0));
        InstanceStatus done = dtk.awaitFinished("counter-1");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output().asLong()).isEqualTo(100L);
    }

    @Test
    void shouldRetryAFailingActivityUntilItSucceeds() {
        start("retry-ok", "Retrying", 3);
        assertThat(dtk.awaitFinished("retry-ok").output()).isEqualTo(TextNode.valueOf("succeeded on attempt 3"));
    }

    @Test
    void shouldGiveUpWhenRetriesAreExhausted() {
        start("retry-exhausted", "Retrying", 2);
        assertThat(dtk.awaitFinished("retry-exhausted").output())
                .isEqualTo(TextNode.valueOf("gave up: attempt 2 fails"));
    }

    @Test
    void shouldFailTheInstanceWhenTheOrchestratorThrows() {
        start("failing-1", "Failing", "no");
        InstanceStatus done = dtk.awaitFinished("failing-1");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(done.failureDetails().errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(done.failureDetails().errorMessage()).isEqualTo("orchestrator says no");
        assertThat(done.output()).isEqualTo(TextNode.valueOf("orchestrator says no"));
    }

    @Test
    void shouldTerminateARunningInstance() {
        start("terminate-1", "WaitForEvent", null);
        dtk.awaitStatus("terminate-1", RuntimeStatus.Running);
        dtk.send("terminate-1", Terminate.because("no longer needed"));
        InstanceStatus done = dtk.awaitFinished("terminate-1");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Terminated);
        assertThat(done.output()).isEqualTo(TextNode.valueOf("no longer needed"));
    }

    @Test
    void shouldHoldEventsWhileSuspendedAndApplyThemOnResume() {
        start("suspend-1", "WaitForEvent", null);
        dtk.awaitStatus("suspend-1", RuntimeStatus.Running);
        dtk.send("suspend-1", Suspend.because("hold on"));
        dtk.awaitStatus("suspend-1", RuntimeStatus.Suspended);
        dtk.send("suspend-1", RaiseEvent.of("Go", TextNode.valueOf("later")));
        await().atMost(DtkTestCluster.TIMEOUT).until(() -> dtk.engine().localInstance("suspend-1")
                .map(s -> !s.suspendedInbox().isEmpty()).orElse(false));
        assertThat(dtk.watcher().latest("suspend-1").runtimeStatus()).as("event held while suspended")
                .isEqualTo(RuntimeStatus.Suspended);
        dtk.send("suspend-1", Resume.because("go on"));
        InstanceStatus done = dtk.awaitFinished("suspend-1");
        assertThat(done.output()).isEqualTo(TextNode.valueOf("got later"));
        assertThat(dtk.watcher().history("suspend-1")).extracting(InstanceStatus::runtimeStatus)
                .containsSubsequence(RuntimeStatus.Running, RuntimeStatus.Suspended, RuntimeStatus.Completed);
    }

    @Test
    void shouldFailAnInstanceWhoseOrchestratorChangedWhileItRan() throws Exception {
        TestOrchestrations.CHANGING_ACTIVITY.set("SayHello");
        start("changing-1", "Changing", null);
        await().atMost(DtkTestCluster.TIMEOUT).until(() -> dtk.engine().localInstance("changing-1")
                .map(s -> s.history().stream().anyMatch(HistoryEvent.TaskCompleted.class::isInstance)).orElse(false));
        // a deploy of changed code: a new engine, so no orchestration waits in memory with the old code
        TestOrchestrations.CHANGING_ACTIVITY.set("Square");
        dtk.crashEngine();
        dtk.startEngine();
        dtk.send("changing-1", RaiseEvent.of("Go", TextNode.valueOf("x")));
        InstanceStatus done = dtk.awaitFinished("changing-1");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(done.failureDetails().errorType()).isEqualTo("NonDeterministicOrchestrationException");
        assertThat(done.failureDetails().errorMessage()).contains("SayHello").contains("Square");
    }

    @Test
    void shouldApplyAnAnswerSentInTimeBeforeATimeoutThatFellDueWhileTheEngineWasAway() throws Exception {
        start("answer-1", "AnswerInTime", null);
        HistoryEvent.TimerCreated timer = awaitTimer("answer-1");
        dtk.crashEngine();
        // inputs pile up while the engine is away; the answer is sent well before the timeout is due
        for (int i = 0; i < 300; i++) {
            dtk.send("answer-1", RaiseEvent.of("Noise", IntNode.valueOf(i)));
        }
        dtk.send("answer-1", RaiseEvent.of("Answer", TextNode.valueOf("in time")));
        assertThat(java.time.Instant.now()).as("the answer went out before the timeout was due")
                .isBefore(timer.fireAt());
        await().atMost(DtkTestCluster.TIMEOUT).until(() -> java.time.Instant.now().isAfter(timer.fireAt().plusSeconds(1)));

        dtk.startEngine();

        InstanceStatus done = dtk.awaitFinished("answer-1");
        assertThat(done.output()).isEqualTo(TextNode.valueOf("answered in time"));
    }

    @Test
    void shouldApplyAnAnswerHiddenBehindATransactionLeftOpenBeforeATimeoutThatFellDueMeanwhile() throws Exception {
        start("hidden-1", "AnswerInTime", null);
        HistoryEvent.TimerCreated timer = awaitTimer("hidden-1");
        try (KafkaProducer<String, byte[]> stuck = dtk.transactionalProducer("it-transaction-left-open")) {
            // a producer gone mid-transaction, as a killed engine: its record on the instance's partition
            // hides every record written after it from read_committed readers until the transaction ends
            stuck.beginTransaction();
            stuck.send(new ProducerRecord<>(Topics.COMMANDS, "hidden-1",
                    DtkJson.write(RaiseEvent.of("Noise", IntNode.valueOf(0))))).get();
            dtk.send("hidden-1", RaiseEvent.of("Answer", TextNode.valueOf("in time")));
            assertThat(java.time.Instant.now()).as("the answer went out before the timeout was due")
                    .isBefore(timer.fireAt());

            await().atMost(DtkTestCluster.TIMEOUT)
                    .until(() -> java.time.Instant.now().isAfter(timer.fireAt().plusSeconds(2)));
            assertThat(dtk.watcher().latest("hidden-1").runtimeStatus()).as("the timeout waits for the hidden answer")
                    .isEqualTo(RuntimeStatus.Running);

            stuck.abortTransaction(); // fenced or timed out, as the broker would in the end
        }

        InstanceStatus done = dtk.awaitFinished("hidden-1");
        assertThat(done.output()).isEqualTo(TextNode.valueOf("answered in time"));
    }

    private HistoryEvent.TimerCreated awaitTimer(String instanceId) {
        return await().atMost(DtkTestCluster.TIMEOUT).until(() -> dtk.engine().localInstance(instanceId)
                .flatMap(s -> s.history().stream().filter(HistoryEvent.TimerCreated.class::isInstance)
                        .map(HistoryEvent.TimerCreated.class::cast).findFirst())
                .orElse(null), t -> t != null);
    }

    @Test
    void shouldDeadLetterAMalformedRecordAndKeepThePartitionFlowing() {
        dtk.sendRaw("poison-1", "{this is not json");
        start("poison-1", "HelloSequence", null);
        assertThat(dtk.awaitFinished("poison-1").runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        DeadLetter letter = await().atMost(DtkTestCluster.TIMEOUT).until(() -> dtk.watcher().deadLetters().stream()
                .filter(d -> "poison-1".equals(d.key())).findFirst().orElse(null), d -> d != null);
        assertThat(letter.value()).isEqualTo("{this is not json");
        assertThat(letter.sourceTopic()).isEqualTo("dtk.commands");
        assertThat(letter.reason()).startsWith("cannot read the record: ");
    }

    @Test
    void shouldFailAStartOfAnUnknownOrchestratorWithTheReasonForEveryReader() {
        start("unknown-1", "NoSuchOrchestrator", IntNode.valueOf(1));

        InstanceStatus failed = dtk.awaitFinished("unknown-1");

        assertThat(failed.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(failed.input()).isEqualTo(IntNode.valueOf(1));
        assertThat(failed.failureDetails().errorType()).isEqualTo("OrchestratorNotFoundException");
        assertThat(failed.output().asText()).contains("no orchestrator named 'NoSuchOrchestrator' is registered")
                .contains("HelloSequence");
        assertThat(dtk.watcher().deadLetters()).noneMatch(d -> "unknown-1".equals(d.key()));
    }
}
