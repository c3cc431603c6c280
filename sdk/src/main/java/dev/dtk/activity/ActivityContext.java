package dev.dtk.activity;

/** What an {@link Activity} knows about the task it runs. */
public interface ActivityContext {

    /** The activity's name, as the orchestration called it. */
    String getName();

    /** The ID of the orchestration instance that scheduled this task. */
    String getInstanceId();

    /** The execution of that instance (a new one after {@code continueAsNew}). */
    String getExecutionId();

    /** The task's sequence number within the execution. */
    int getTaskId();

    /**
     * The task's input as a {@code type}; {@code null} when there is no input.
     *
     * @throws IllegalArgumentException when the input cannot be read as a {@code type}
     */
    <T> T getInput(Class<T> type);

    /**
     * Saves {@code value} for this task, durably, before a side effect the activity must not repeat. A
     * task runs at least once: when its worker dies after the side effect but before the task's result is
     * recorded, the task runs again (on another worker, or this one restarted), and there
     * {@link #getCheckpoint} returns what was saved, so the activity can find out what it already did
     * (the phone verification keeps the code it is about to text, and asks the SMS provider whether that
     * text went out before sending it). Returns once Kafka has it.
     *
     * @throws IllegalStateException when it could not be saved (the activity should not go on)
     */
    default void checkpoint(Object value) {
        throw new UnsupportedOperationException("this activity context keeps no checkpoints");
    }

    /** What an earlier, interrupted run of this very task saved with {@link #checkpoint}; empty when none did. */
    default <T> java.util.Optional<T> getCheckpoint(Class<T> type) {
        return java.util.Optional.empty();
    }
}
