package dev.dtk.engine.streams;

import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Watches the shell's steps from the outside, for metrics and traces: it never changes what a step
 * does, and the pure core knows nothing of it. One per stream task (the processor calls
 * {@link #init} with its context); {@link #NONE} watches nothing.
 */
public interface StepObserver {

    StepObserver NONE = (instanceId, inbound, headers) -> Step.NONE;

    /** Called once when the task's processor starts. */
    default void init(ProcessorContext<?, ?> context) {
    }

    /**
     * A step begins for {@code instanceId} with {@code inbound}; {@code headers} are the input record's
     * (null for a due timer, which has no record).
     */
    Step begin(String instanceId, Inbound inbound, Headers headers);

    /** A record went to {@code dtk.dead-letters} for {@code reason}. */
    default void deadLettered(String sourceTopic, String reason) {
    }

    /** One step being watched. */
    interface Step {

        Step NONE = new Step() {
        };

        /** The instance as loaded before the step (null: none yet). */
        default void loaded(InstanceState before) {
        }

        /** What the core decided (a refused or ignored result too). */
        default void decided(StepResult result) {
        }

        /** Headers to put on every record this step sends; null for none. */
        default Headers outgoing() {
            return null;
        }

        /** The step is over (after its writes, or after it failed). */
        default void end() {
        }
    }
}
