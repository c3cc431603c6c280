package dev.dtk.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class or method) that makes sense only on the in-process broker, for example because it
 * stops and restarts a broker inside the test JVM. It runs when {@link KafkaMode#current()} is
 * {@code embedded} and is skipped, with {@link #value() the reason} in the skip message, when the
 * tests' brokers run in containers.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EmbeddedKafkaOnlyCondition.class)
public @interface EmbeddedKafkaOnly {

    /** Why the test needs the in-process broker, e.g. "restarts the in-process broker of dtk dev". */
    String value();
}
