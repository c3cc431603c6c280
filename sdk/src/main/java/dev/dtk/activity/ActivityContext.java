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
}
