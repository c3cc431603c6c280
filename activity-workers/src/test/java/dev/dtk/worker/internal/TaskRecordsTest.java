package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.Limits;
import dev.dtk.topics.message.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TaskRecordsTest {

    private static TaskRecords.Decoded decode(String json) {
        return TaskRecords.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadATask() {
        TaskRecords.Decoded decoded = decode("""
                {"v":1,"instanceId":"i1","executionId":"e1","taskId":3,"name":"SayHello","input":"Tokyo"}""");

        assertThat(decoded).isInstanceOfSatisfying(TaskRecords.Task.class, t -> {
            ActivityTask task = t.task();
            assertThat(task.instanceId()).isEqualTo("i1");
            assertThat(task.taskId()).isEqualTo(3);
            assertThat(task.input().asText()).isEqualTo("Tokyo");
        });
    }

    @Test
    void shouldSayWhenTheValueIsNotJson() {
        assertThat(decode("{not json")).isInstanceOfSatisfying(TaskRecords.Malformed.class,
                m -> assertThat(m.reason()).startsWith("not a valid ActivityTask: Unexpected character ('n'"));
    }

    @Test
    void shouldNameAMissingField() {
        assertThat(decode("""
                {"v":1,"executionId":"e1","taskId":3,"name":"SayHello"}""")).isEqualTo(
                new TaskRecords.Malformed("not a valid ActivityTask: missing required field 'instanceId'"));
    }

    @Test
    void shouldRefuseANewerFormatVersion() {
        assertThat(decode("""
                {"v":2,"instanceId":"i1","executionId":"e1","taskId":3,"name":"SayHello"}""")).isEqualTo(
                new TaskRecords.Malformed("not a valid ActivityTask: message format version 2 is newer than this dtk"
                        + " understands (1); upgrade dtk"));
    }

    @Test
    void shouldRefuseATombstoneAndJsonNull() {
        assertThat(TaskRecords.decode(null)).isEqualTo(new TaskRecords.Malformed(
                "the record has no value (a tombstone); expected an ActivityTask as JSON"));
        assertThat(decode("null")).isEqualTo(
                new TaskRecords.Malformed("the value is JSON null; expected an ActivityTask"));
    }

    @Test
    void shouldKeepTextValuesAsTextInADeadLetter() {
        var record = new ConsumerRecord<>("dtk.tasks.q", 2, 41L, "i1", "{oops".getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        assertThat(TaskRecords.deadLetter(record, "bad", now, Limits.DEFAULT))
                .isEqualTo(new DeadLetter(1, "dtk.tasks.q", 2, 41L, "i1", "{oops", null, "bad", now, null));
    }

    @Test
    void shouldKeepBinaryValuesAsBase64InADeadLetter() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
        var record = new ConsumerRecord<>("dtk.tasks.q", 0, 1L, (String) null, binary);

        DeadLetter letter = TaskRecords.deadLetter(record, "bad", Instant.EPOCH, Limits.DEFAULT);

        assertThat(letter.value()).isNull();
        assertThat(letter.valueBase64()).isEqualTo(Base64.getEncoder().encodeToString(binary));
    }
}
