package dev.dtk.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs a test marked {@link EmbeddedKafkaOnly} only when the tests' Kafka brokers run in-process. */
public final class EmbeddedKafkaOnlyCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getElement(), EmbeddedKafkaOnly.class)
                .map(only -> evaluate(KafkaMode.current(), only.value()))
                .orElse(ConditionEvaluationResult.enabled("not marked @EmbeddedKafkaOnly"));
    }

    static ConditionEvaluationResult evaluate(KafkaMode mode, String reason) {
        if (mode == KafkaMode.EMBEDDED) {
            return ConditionEvaluationResult.enabled("the Kafka brokers run in-process");
        }
        return ConditionEvaluationResult.disabled("needs the in-process Kafka broker (" + reason + "), but this run's"
                + " brokers run in containers: run it with -D" + KafkaMode.PROPERTY + "=embedded");
    }
}
