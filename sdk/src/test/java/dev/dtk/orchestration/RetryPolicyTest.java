package dev.dtk.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void shouldUseDefaultsForOptionalSettings() {
        RetryPolicy policy = RetryPolicy.builder(3, Duration.ofSeconds(5)).build();

        assertThat(policy.getMaxNumberOfAttempts()).isEqualTo(3);
        assertThat(policy.getFirstRetryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.getBackoffCoefficient()).isEqualTo(1.0);
        assertThat(policy.getMaxRetryInterval()).isEmpty();
        assertThat(policy.getRetryTimeout()).isEmpty();
        assertThat(policy.delayAfterAttempt(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delayAfterAttempt(7)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldGrowDelayExponentiallyUpToMaxRetryInterval() {
        RetryPolicy policy = RetryPolicy.builder(10, Duration.ofSeconds(1)).backoffCoefficient(2)
                .maxRetryInterval(Duration.ofSeconds(10)).build();

        assertThat(policy.delayAfterAttempt(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfterAttempt(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfterAttempt(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfterAttempt(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfterAttempt(500)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldNotOverflowWithoutMaxRetryInterval() {
        RetryPolicy policy = RetryPolicy.builder(10, Duration.ofDays(1)).backoffCoefficient(100).build();

        assertThat(policy.delayAfterAttempt(1000)).isEqualTo(Duration.ofDays(365L * 100));
    }

    @Test
    void shouldNameTheBadSettingWhenBuilding() {
        assertThatThrownBy(() -> RetryPolicy.builder(0, Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxNumberOfAttempts must be at least 1 (it counts the first try), was 0");
        assertThatThrownBy(() -> RetryPolicy.builder(1, Duration.ZERO).build())
                .hasMessage("firstRetryInterval must be a positive duration, was PT0S");
        assertThatThrownBy(() -> RetryPolicy.builder(1, null).build())
                .hasMessage("firstRetryInterval must be a positive duration, was null");
        assertThatThrownBy(() -> RetryPolicy.builder(1, Duration.ofSeconds(1)).backoffCoefficient(0.5).build())
                .hasMessage("backoffCoefficient must be a finite number of at least 1.0, was 0.5");
        assertThatThrownBy(() -> RetryPolicy.builder(1, Duration.ofSeconds(1)).backoffCoefficient(Double.NaN).build())
                .hasMessage("backoffCoefficient must be a finite number of at least 1.0, was NaN");
        assertThatThrownBy(() -> RetryPolicy.builder(1, Duration.ofSeconds(1))
                .maxRetryInterval(Duration.ofSeconds(-1)).build())
                .hasMessage("maxRetryInterval must be a positive duration, was PT-1S");
        assertThatThrownBy(() -> RetryPolicy.builder(1, Duration.ofSeconds(1)).retryTimeout(Duration.ZERO).build())
                .hasMessage("retryTimeout must be a positive duration, was PT0S");
    }

    @Test
    void shouldCompareByValue() {
        assertThat(RetryPolicy.builder(2, Duration.ofSeconds(1)).build())
                .isEqualTo(RetryPolicy.builder(2, Duration.ofSeconds(1)).build())
                .isNotEqualTo(RetryPolicy.builder(3, Duration.ofSeconds(1)).build());
    }
}
