package dev.dtk.engine.streams;

/**
 * Commits an idle stream thread's work as soon as a step ended an instance, instead of at the next commit
 * interval. A client waiting for an instance's end reads the status topic read_committed, so the end is
 * visible only once the engine's transaction commits; with a 10 ms interval that is 5 ms of waiting on
 * average, more than the rest of a short orchestration. A busy thread commits on its interval as before
 * (one transaction for many steps is what lets it keep up); an idle one has nothing to batch with.
 *
 * <p>One per stream thread (its consumer and its processors run on it): a step that ends an instance
 * says so, the consumer that finds no input ready does not block while such an end waits, and the
 * thread's punctuation then asks Kafka Streams for the commit.
 */
final class EndCommits {

    private static final ThreadLocal<EndCommits> CURRENT = ThreadLocal.withInitial(EndCommits::new);

    private boolean endWaiting;
    private boolean ranOut;

    private EndCommits() {
    }

    /** The calling stream thread's. */
    static EndCommits current() {
        return CURRENT.get();
    }

    /** A step on this thread ended an instance: its status waits for the transaction's commit. */
    void ended() {
        endWaiting = true;
    }

    /** The consumer found records ready: the thread is busy and commits on its interval. */
    void gotInput() {
        ranOut = false;
    }

    /** The consumer found nothing ready; true when it should not wait for input (an end waits for a commit). */
    boolean ranOutOfInput() {
        ranOut = true;
        return endWaiting;
    }

    /** Whether to ask for a commit now: an end waits and the thread ran out of input. */
    boolean commitNow() {
        if (endWaiting && ranOut) {
            endWaiting = false;
            return true;
        }
        return false;
    }
}
