package dev.dtk.topics.message;

/** The runtime status of an orchestration instance, with the names Durable Functions uses. */
public enum RuntimeStatus {
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended;

    /** Completed, Failed and Terminated instances never change again (unless restarted or purged). */
    public boolean isTerminal() {
        return this == Completed || this == Failed || this == Terminated;
    }
}
