package dev.dtk.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskOptionsTest {

    private static final RetryPolicy POLICY = RetryPolicy.builder(2, Duration.ofSeconds(1)).build();

    @Test
    void shouldCombineRetryPolicyAndQueueImmutably() {
        TaskOptions retry = TaskOptions.withRetryPolicy(POLICY);
        TaskOptions both = retry.queue("sms");

        assertThat(retry.getQueue()).isEmpty();
        assertThat(both.getQueue()).contains("sms");
        assertThat(both.getRetryPolicy()).contains(POLICY);
        assertThat(TaskOptions.onQueue("sms").retryPolicy(POLICY)).isEqualTo(both);
        assertThat(TaskOptions.onQueue("sms").getRetryPolicy()).isEmpty();
    }

    @Test
    void shouldRejectBlankQueue() {
        assertThatThrownBy(() -> TaskOptions.onQueue(" ")).hasMessage("queue must not be blank");
    }
}
