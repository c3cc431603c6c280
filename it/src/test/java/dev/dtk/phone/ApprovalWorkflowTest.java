package dev.dtk.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.samples.approval.ApprovalWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The approval pattern over HTTP: approved, rejected, or escalated when nobody answers in time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalWorkflowTest {

    private PhoneVerificationCluster dtk;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dtk = new PhoneVerificationCluster(dir, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        dtk.close();
    }

    private JsonNode startApproval(String name) {
        return dtk.start(name, "expense report 42");
    }

    @Test
    void shouldReturnApprovedWhenApproved() {
        JsonNode started = startApproval(ApprovalWorkflow.NAME);
        assertThat(dtk.raise(started, ApprovalWorkflow.EVENT, "true")).isEqualTo(202);
        assertThat(dtk.awaitDone(started).get("output").asText()).isEqualTo("approved");
        assertThat(dtk.timers(started.get("id").asText())).as("the 72-hour deadline is cancelled").isEmpty();
    }

    @Test
    void shouldReturnRejectedWhenRejected() {
        JsonNode started = startApproval(ApprovalWorkflow.NAME);
        assertThat(dtk.raise(started, ApprovalWorkflow.EVENT, "false")).isEqualTo(202);
        assertThat(dtk.awaitDone(started).get("output").asText()).isEqualTo("rejected");
    }

    @Test
    void shouldEscalateWhenNobodyAnswersInTime() {
        JsonNode started = startApproval(PhoneVerificationCluster.SHORT_APPROVAL);
        JsonNode done = dtk.awaitDone(started);
        assertThat(done.get("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(done.get("output").asText()).isEqualTo("escalated");
    }
}
