package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.orchestration.TaskCanceledException;
import dev.dtk.topics.Limits;
import dev.dtk.topics.message.RaiseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The external event: a raised event ({@link RaiseEvent} on {@code dtk.commands}) is recorded as
 * {@link HistoryEvent.EventRaised} and goes to the oldest wait for its name (case-insensitive), or is
 * kept in the run's {@link EventInbox} until one comes. A wait records nothing; with a timeout it
 * is raced against a durable timer.
 */
public final class ExternalEventKind {

    private ExternalEventKind() {
    }

    /** A wait for external event {@code eventName} (case-insensitive). */
    static final class Wait<V> extends ReplayTask<V> {

        final String eventName;
        private final Class<V> type;

        Wait(ReplayContext ctx, String eventName, Class<V> type) {
            super(ctx);
            this.eventName = eventName;
            this.type = type;
        }

        boolean waitsFor(String name) {
            return eventName.equalsIgnoreCase(name);
        }

        void deliver(JsonNode data) {
            completeWithJson(data, type, "cannot use the data of external event '" + eventName + "'");
        }

        @Override
        public String toString() {
            return "external event '" + eventName + "'";
        }
    }

    static <T> Wait<T> await(ReplayContext ctx, String name, Class<T> type) {
        ReplayContext.requireName(name, "an external event");
        Wait<T> wait = new Wait<>(ctx, name, type);
        ctx.inbox().take(name).ifPresentOrElse(event -> wait.deliver(event.input()), () -> ctx.inbox().addWaiter(wait));
        return wait;
    }

    static <T> Wait<T> await(ReplayContext ctx, String name, Duration timeout, Class<T> type) {
        Objects.requireNonNull(timeout, "timeout");
        Wait<T> wait = await(ctx, name, type);
        if (wait.isDone()) {
            return wait;
        }
        TimerKind.Timer timer = TimerKind.create(ctx, ctx.currentUtcDateTime().plus(timeout));
        timer.whenDone(t -> {
            if (!wait.isDone()) {
                ctx.inbox().removeWaiter(wait);
                wait.cancelWith(new TaskCanceledException(
                        "timed out after " + timeout + " waiting for external event '" + name + "'"));
            }
        });
        wait.whenDone(w -> timer.cancel());
        return wait;
    }

    static void deliver(ReplayContext ctx, HistoryEvent.EventRaised raised) {
        ctx.inbox().deliver(raised);
    }

    /** A raised event, checked against the instance: kept by a live instance, ignored by a finished one. */
    public static Admission admit(String instanceId, InstanceState state, RaiseEvent event, Instant now,
            Limits limits) {
        String tooLarge = Payloads.problem(limits, "the data of event '" + event.name() + "'", event.input());
        if (tooLarge != null) {
            return Admission.refuse(tooLarge);
        }
        if (state == null) {
            return Admission.refuse("no instance '" + instanceId + "' exists; cannot raise event '" + event.name()
                    + "' (start the instance first)");
        }
        if (state.isTerminal()) {
            return Admission.ignore(Staleness.finished(instanceId, state) + "; event '" + event.name() + "' ignored");
        }
        return Admission.accept(new HistoryEvent.EventRaised(now, event.name(), event.input()));
    }
}
