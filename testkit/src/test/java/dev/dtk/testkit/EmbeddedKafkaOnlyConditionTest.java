package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class EmbeddedKafkaOnlyConditionTest {

    @Test
    void shouldRunOnTheInProcessBroker() {
        assertThat(EmbeddedKafkaOnlyCondition.evaluate(KafkaMode.EMBEDDED, "restarts it").isDisabled()).isFalse();
    }

    @Test
    void shouldSkipWithTheReasonAndTheWayToRunItWhenBrokersRunInContainers() {
        ConditionEvaluationResult result = EmbeddedKafkaOnlyCondition.evaluate(KafkaMode.CONTAINER,
                "restarts the in-process broker");

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValue("needs the in-process Kafka broker (restarts the in-process broker),"
                + " but this run's brokers run in containers: run it with -Ddtk.test.kafka=embedded");
    }
}
