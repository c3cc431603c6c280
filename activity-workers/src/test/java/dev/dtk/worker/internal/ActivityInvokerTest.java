package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.activity.ActivityRegistry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityInvokerTest {

    private final ActivityRegistry registry = ActivityRegistry.builder()
            .register("SayHello", ctx -> "Hello " + ctx.getInput(String.class) + " from " + ctx.getInstanceId()
                    + "/" + ctx.getExecutionId() + "#" + ctx.getTaskId() + " (" + ctx.getName() + ")")
            .register("Fail", ctx -> {
                throw new IllegalStateException("boom");
            })
            .register("Nothing", ctx -> null)
            .register("Map", ctx -> Map.of("n", ctx.getInput(Integer.class) + 1))
            .build();
    private final ActivityInvoker invoker = new ActivityInvoker(registry, "q");

    private static ActivityTask task(String name, String input) {
        return new ActivityTask(1, "i1", "e1", 7, name, input == null ? null : TextNode.valueOf(input),
                Instant.EPOCH);
    }

    @Test
    void shouldCompleteWithTheActivityOutput() {
        assertThat(invoker.invoke(task("SayHello", "Tokyo"))).isEqualTo(new ActivityCompleted(1, "i1", "e1", 7,
                "SayHello", TextNode.valueOf("Hello Tokyo from i1/e1#7 (SayHello)")));
    }

    @Test
    void shouldCompleteWithNullOutputWhenTheActivityReturnsNull() {
        assertThat(invoker.invoke(task("Nothing", null)))
                .isEqualTo(new ActivityCompleted(1, "i1", "e1", 7, "Nothing", null));
    }

    @Test
    void shouldFailWithTheExceptionDetails() {
        assertThat(invoker.invoke(task("Fail", null))).isInstanceOfSatisfying(ActivityFailed.class, f -> {
            assertThat(f.failure().errorType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(f.failure().errorMessage()).isEqualTo("boom");
            assertThat(f.failure().stackTrace()).contains("ActivityInvokerTest");
        });
    }

    @Test
    void shouldFailWhenTheInputCannotBeRead() {
        assertThat(invoker.invoke(task("Map", "not a number"))).isInstanceOfSatisfying(ActivityFailed.class,
                f -> assertThat(f.failure().errorMessage()).startsWith("cannot read \"not a number\" as Integer"));
    }

    @Test
    void shouldFailWithActivityNotFoundForAnUnknownName() {
        assertThat(invoker.invoke(task("Nope", null))).isInstanceOfSatisfying(ActivityFailed.class, f -> {
            assertThat(f.failure().errorType()).isEqualTo("ActivityNotFoundException");
            assertThat(f.failure().errorMessage()).isEqualTo("no activity named 'Nope' is registered on queue 'q';"
                    + " registered activities: [Fail, Map, Nothing, SayHello]");
        });
    }
}
