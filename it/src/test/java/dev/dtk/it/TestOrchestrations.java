package dev.dtk.it;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.orchestration.RetryPolicy;
import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskCanceledException;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.samples.SampleApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Orchestrators and activities that exercise one feature each, registered next to the samples. */
final class TestOrchestrations implements DtkApp {

    /** Attempts of the flaky activity per instance. */
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    /** What the "changing" orchestrator schedules: switched by a test to provoke non-determinism. */
    static final AtomicReference<String> CHANGING_ACTIVITY = new AtomicReference<>("SayHello");

    /** The samples and these, in one catalog. */
    static AppCatalog catalog() {
        return AppCatalog.of(List.of(new SampleApp(), new TestOrchestrations()), Map.of(), () -> (to, body) -> { });
    }

    @Override
    public void register(AppBuilder app) {
        app.orchestrator("Timer", ctx -> {
                    ctx.createTimer(Duration.ofMillis(ctx.getInput(Long.class))).await();
                    return "woke at " + ctx.currentUtcDateTime();
                })
                .orchestrator("WaitForEvent", ctx -> "got " + ctx.waitForExternalEvent("Go", String.class).await())
                .orchestrator("TwoEvents", ctx -> List.of(
                        ctx.waitForExternalEvent("Step", String.class).await(),
                        ctx.waitForExternalEvent("Step", String.class).await()))
                .orchestrator("EventOrTimeout", ctx -> {
                    Task<String> event = ctx.waitForExternalEvent("Answer", String.class);
                    Task<Void> timeout = ctx.createTimer(Duration.ofMillis(ctx.getInput(Long.class)));
                    Task<?> winner = ctx.anyOf(event, timeout).await();
                    if (winner == event) {
                        timeout.cancel();
                        return "answer " + event.await();
                    }
                    return "timed out";
                })
                .orchestrator("Parent", ctx -> {
                    List<String> child = ctx.callSubOrchestrator("HelloSequence", null, List.class)
                            .await().stream().map(Object::toString).toList();
                    try {
                        ctx.callSubOrchestrator("Failing", "boom", String.class).await();
                        return "child did not fail";
                    } catch (TaskFailedException e) {
                        return child + " / child failed: " + e.getFailureDetails().errorMessage();
                    }
                })
                .orchestrator("Failing", ctx -> {
                    throw new IllegalStateException("orchestrator says " + ctx.getInput(String.class));
                })
                .orchestrator("Retrying", ctx -> {
                    int maxAttempts = ctx.getInput(Integer.class);
                    TaskOptions retry = TaskOptions.withRetryPolicy(
                            RetryPolicy.builder(maxAttempts, Duration.ofMillis(50)).backoffCoefficient(2).build());
                    try {
                        return ctx.callActivity("FailTwice", null, retry, String.class).await();
                    } catch (TaskFailedException e) {
                        return "gave up: " + e.getFailureDetails().errorMessage();
                    }
                })
                .orchestrator("Changing", ctx -> {
                    ctx.callActivity(CHANGING_ACTIVITY.get(), "x", String.class).await();
                    return ctx.waitForExternalEvent("Go", String.class).await();
                })
                .orchestrator("AnswerInTime", ctx -> {
                    try {
                        return "answered " + ctx.waitForExternalEvent("Answer", Duration.ofSeconds(6), String.class)
                                .await();
                    } catch (TaskCanceledException e) {
                        return "timed out";
                    }
                })
                .orchestrator("Cancellable", ctx -> {
                    try {
                        ctx.waitForExternalEvent("Never", Duration.ofMillis(200), String.class).await();
                        return "event";
                    } catch (TaskCanceledException e) {
                        return "timeout";
                    }
                })
                .activity("FailTwice", ctx -> {
                    int attempt = ATTEMPTS.computeIfAbsent(ctx.getInstanceId(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (attempt <= 2) {
                        throw new IllegalStateException("attempt " + attempt + " fails");
                    }
                    return "succeeded on attempt " + attempt;
                });
    }
}
