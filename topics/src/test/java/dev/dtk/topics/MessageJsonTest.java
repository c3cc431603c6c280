package dev.dtk.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.ActivityCheckpoint;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityResults;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.Purge;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.ResultRecord;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.Rewind;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MessageJsonTest {

    private static final Instant T = Instant.parse("2026-11-22T10:15:30.123Z");
    private static final JsonNode INPUT = json("{\"city\":\"Tokyo\",\"n\":[1,2.5,null,true]}");

    @Test
    void shouldRoundTripEveryCommand() {
        List<Command> commands = List.of(
                new StartOrchestration(1, "HelloSequence", INPUT, new ParentInstance("p", "e1", 3), T),
                StartOrchestration.of("HelloSequence", null),
                RaiseEvent.of("SmsChallengeResponse", json("2168")),
                Terminate.because("enough"),
                Suspend.because(null),
                Resume.because("go on"),
                new SubOrchestrationCompleted(1, "e1", 4, "child", INPUT, null),
                new SubOrchestrationCompleted(1, "e1", 4, "child", null, FailureDetails.of("X", "boom")),
                Rewind.because("fixed the bug"),
                Rewind.because(null),
                Purge.because("cleanup"),
                Purge.because(null));
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        for (Command command : commands) {
            byte[] bytes = serde.serializer().serialize("dtk.commands", command);
            assertThat(serde.deserializer().deserialize("dtk.commands", bytes)).isEqualTo(command);
        }
    }

    @Test
    void shouldReadTheCommandsOutsideServicesWrite() {
        Command start = read("{\"type\":\"start\",\"name\":\"HelloSequence\",\"input\":{\"a\":1}}", Command.class);
        assertThat(start).isEqualTo(new StartOrchestration(1, "HelloSequence", json("{\"a\":1}"), null, null));
        assertThat(read("{\"type\":\"purge\"}", Command.class)).isEqualTo(Purge.because(null));
        assertThat(read("{\"type\":\"rewind\",\"reason\":\"retry\"}", Command.class))
                .isEqualTo(Rewind.because("retry"));
        Command event = read("{\"type\":\"raise-event\",\"name\":\"Approval\",\"input\":true}", Command.class);
        assertThat(event).isEqualTo(RaiseEvent.of("Approval", json("true")));
        assertThat(read("{\"type\":\"terminate\"}", Command.class)).isEqualTo(Terminate.because(null));
    }

    @Test
    void shouldRoundTripTasksResultsStatusAndDeadLetters() {
        ActivityTask task = new ActivityTask(1, "i1", "e1", 2, "SayHello", TextNode.valueOf("Tokyo"), T);
        roundTrip(task, ActivityTask.class);
        roundTrip(ActivityCompleted.of(task, TextNode.valueOf("Hello Tokyo!")), ActivityResult.class);
        roundTrip(ActivityFailed.of(task, new FailureDetails("java.lang.IllegalStateException", "no", "at x")),
                ActivityResult.class);
        roundTrip(new InstanceStatus(1, "HelloSequence", "i1", "e1", RuntimeStatus.Completed, INPUT,
                json("[\"a\"]"), TextNode.valueOf("step 3"), T, T.plusSeconds(1), null), InstanceStatus.class);
        roundTrip(new DeadLetter(1, "dtk.commands", 3, 42L, "k", "{oops", null, "cannot read", T, null),
                DeadLetter.class);
        roundTrip(new DeadLetter(1, "dtk.commands", 3, 42L, "k", "{oo", null, "too large", T, 900_000),
                DeadLetter.class);
    }

    @Test
    void shouldReadOneResultOrSeveralOfOneInstanceFromAResultsRecord() {
        ActivityTask a = new ActivityTask(1, "i1", "e1", 2, "SayHello", TextNode.valueOf("Tokyo"), T);
        ActivityTask b = new ActivityTask(1, "i1", "e1", 3, "SayHello", TextNode.valueOf("Paris"), T);
        ActivityResults both = ActivityResults.of(List.of(ActivityCompleted.of(a, TextNode.valueOf("Hello Tokyo!")),
                ActivityFailed.of(b, FailureDetails.of("E", "no"))));
        roundTrip(both, ResultRecord.class);
        roundTrip(ActivityCompleted.of(a, TextNode.valueOf("Hello Tokyo!")), ResultRecord.class);
        assertThat(new String(DtkJson.write(both), StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"results\",\"v\":1,\"results\":[{\"type\":\"completed\"")
                .doesNotContain("\"instanceId\":\"i1\",\"results\"");

        ResultRecord read = read("{\"type\":\"results\",\"results\":[{\"type\":\"completed\",\"instanceId\":\"i1\","
                + "\"executionId\":\"e1\",\"taskId\":2,\"name\":\"SayHello\",\"output\":1}]}", ResultRecord.class);
        assertThat(read).isInstanceOf(ActivityResults.class);
        assertThat(read.instanceId()).isEqualTo("i1");
        ActivityTask other = new ActivityTask(1, "i2", "e2", 2, "SayHello", null, T);
        assertThatThrownBy(() -> ActivityResults.of(List.of(ActivityCompleted.of(a, null), ActivityCompleted.of(other,
                null)))).hasMessage("a record of results holds the results of one instance, but has results of 'i1'"
                + " and 'i2'");
        assertThatThrownBy(() -> read("{\"type\":\"results\",\"results\":[]}", ResultRecord.class))
                .hasMessageContaining("a record of results needs at least one result");
    }

    @Test
    void shouldCarryARewoundTasksCountIntoItsResultsAndLeaveItOutOtherwise() {
        ActivityTask rewound = new ActivityTask(1, "i1", "e1", 2, "SayHello", TextNode.valueOf("Tokyo"), T, 1);
        roundTrip(rewound, ActivityTask.class);
        roundTrip(ActivityCompleted.of(rewound, TextNode.valueOf("Hello Tokyo!")), ActivityResult.class);
        assertThat(ActivityFailed.of(rewound, FailureDetails.of("E", "no")).rewinds()).isEqualTo(1);
        assertThat(new String(DtkJson.write(rewound), StandardCharsets.UTF_8)).contains("\"rewinds\":1");

        roundTrip(ActivityCheckpoint.of(rewound, json("{\"code\":274}"), T), ActivityCheckpoint.class);

        ActivityTask plain = new ActivityTask(1, "i1", "e1", 2, "SayHello", null, T);
        assertThat(new String(DtkJson.write(plain), StandardCharsets.UTF_8)).doesNotContain("rewinds");
        assertThat(new String(DtkJson.write(ActivityCompleted.of(plain, null)), StandardCharsets.UTF_8))
                .doesNotContain("rewinds");
        assertThat(read("{\"type\":\"completed\",\"instanceId\":\"i1\",\"executionId\":\"e1\",\"taskId\":2,"
                + "\"name\":\"SayHello\",\"output\":1}", ActivityResult.class).rewinds()).isZero();
    }

    @Test
    void shouldWriteEveryStatusFieldEvenWhenNull() {
        InstanceStatus pending = new InstanceStatus(1, "HelloSequence", "i1", null, RuntimeStatus.Pending, null, null,
                null, T, T, null);
        JsonNode written = json(new String(DtkJson.write(pending), StandardCharsets.UTF_8));
        assertThat(written.has("input")).isTrue();
        assertThat(written.has("output")).isTrue();
        assertThat(written.get("createdTime").asText()).isEqualTo("2026-11-22T10:15:30.123Z");
    }

    @Test
    void shouldRefuseAMessageFromANewerFormatVersion() {
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        byte[] future = "{\"v\":2,\"type\":\"terminate\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("dtk.commands", future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("message format version 2 is newer than this dtk understands (1)");
    }

    @Test
    void shouldSayWhatIsMissingFromAStartCommand() {
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        byte[] noName = "{\"type\":\"start\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("dtk.commands", noName))
                .hasMessageContaining("a start command needs the orchestrator's \"name\"");
    }

    @Test
    void shouldRefuseAnUnknownCommandType() {
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        byte[] unknown = "{\"type\":\"explode\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("dtk.commands", unknown))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("explode");
    }

    @Test
    void shouldNameTheInvalidQueue() {
        assertThat(Topics.tasks("sms")).isEqualTo("dtk.tasks.sms");
        assertThatThrownBy(() -> Topics.tasks("a b"))
                .hasMessage("invalid queue name 'a b': use 1-200 letters, digits, '.', '_' or '-'");
    }

    private static <T> void roundTrip(T message, Class<? super T> type) {
        byte[] bytes = DtkJson.write(message);
        assertThat(DtkJson.read(bytes, type)).isEqualTo(message);
    }

    private static <T> T read(String text, Class<T> type) {
        return DtkJson.read(text.getBytes(StandardCharsets.UTF_8), type);
    }

    private static JsonNode json(String text) {
        try {
            return DtkJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
