package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.StepRules;
import dev.dtk.orchestration.Orchestrator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Orchestrator code kept alive between steps: it runs on a virtual thread of its own and, where a
 * replayed run would stop ({@link OrchestrationSuspended}), waits in place for the next step's
 * events. A step then costs what it adds (the code goes on from where it waited) instead of a replay
 * of everything the instance did. The outcome of each step is exactly what a replay of the whole
 * history would give; a run that is not kept ({@link #abandon}) unwinds like a replayed one.
 *
 * <p>Two threads take turns, never at once: the stepping thread hands events over and waits until
 * the code waits again or ends; the code thread runs only between those two moments. The handing over
 * and the waiting may be apart ({@link #offer}, then {@link #resume} with the same events): a stepping
 * thread with several steps to take hands each run its events first, and the runs' threads go on while
 * it loads and writes, instead of two thread switches a step one after another.
 */
public final class LiveRun {

    private enum Phase { RUNNING, WAITING, ENDED }

    private final ReplayContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private Phase phase = Phase.RUNNING;
    private boolean abandoned;
    private Object returned;
    private Throwable thrown;
    private String executionId;
    private int seen;
    private HistoryEvent last;
    private Thread thread;
    /** Events handed over by {@link #offer} that no {@link #resume} has taken up yet; null if none. */
    private List<HistoryEvent> offered;
    /** Started by {@link #warm} and not yet found waiting where the stored history ends ({@link #warmedUp}). */
    private boolean warming;
    /** A warm-up that ended otherwise than waiting with nothing new (the code changed, or failed): never used. */
    private boolean warmFailed;

    private LiveRun(ReplayContext ctx) {
        this.ctx = ctx;
        ctx.liveIn(this);
    }

    /**
     * Starts {@code orchestrator} over {@code events} (as {@link ReplayRun#run} does) and returns once it
     * waits or ended; {@link #outcome()} says how.
     * It waits for the code at most what is left of {@code budget}: past it, the run is abandoned (its
     * thread interrupted) and {@link StepTimedOutException} thrown.
     */
    public static LiveRun start(Orchestrator orchestrator, String instanceId, int generation, StepRules rules,
            List<HistoryEvent> events, int pastCount, StepBudget budget) {
        LiveRun run = new LiveRun(new ReplayContext(instanceId, generation, rules, events, pastCount));
        run.thread = Thread.ofVirtual().name("dtk-orchestration-" + instanceId).start(() -> run.execute(orchestrator));
        run.awaitTurn(budget);
        return run;
    }

    /**
     * Starts {@code orchestrator} over the stored {@code history} of execution {@code executionId} and
     * returns at once, the code replaying meanwhile on its own thread: for an instance whose code was let
     * go and whose next step is near (a timer about to be due), so that step finds it waiting as a kept
     * run instead of replaying while the stepping thread waits. A step takes it up only once it waits
     * where the history ends having done nothing the history does not hold ({@link #warmedUp}).
     */
    public static LiveRun warm(Orchestrator orchestrator, String instanceId, int generation, StepRules rules,
            String executionId, List<HistoryEvent> history) {
        LiveRun run = new LiveRun(new ReplayContext(instanceId, generation, rules, history, history.size()));
        run.seen(executionId, history);
        run.warming = true;
        run.thread = Thread.ofVirtual().name("dtk-orchestration-" + instanceId).start(() -> run.execute(orchestrator));
        return run;
    }

    /**
     * Whether this run may go on as a kept one: it was not {@link #warm warmed}, or its warm-up ended
     * waiting with nothing new. Waits for a warm-up still replaying at most what is left of {@code budget}
     * (see {@link #start}).
     */
    public boolean warmedUp(StepBudget budget) {
        lock.lock();
        try {
            if (!warming) {
                return !warmFailed;
            }
        } finally {
            lock.unlock();
        }
        awaitTurn(budget);
        lock.lock();
        try {
            return checkWarm();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held and the code not running: settles a warm-up ({@link #warmedUp}). */
    private boolean checkWarm() {
        if (warming) {
            warming = false;
            ReplayOutcome outcome = ctx.outcome(returned, thrown);
            warmFailed = abandoned || phase != Phase.WAITING || outcome.kind() != ReplayOutcome.Kind.BLOCKED
                    || !outcome.newEvents().isEmpty();
        }
        return !warmFailed;
    }

    /**
     * Hands the code the events of a new step and returns once it waits again or ended, at most what is
     * left of {@code budget} (see {@link #start}). Events already {@link #offer offered} are not handed
     * over again: then {@code events} must be the same, and this only waits ({@link #canGoOnWith}).
     */
    public LiveRun resume(List<HistoryEvent> events, StepBudget budget) {
        lock.lock();
        try {
            if (offered != null) {
                if (!offered.equals(events) || abandoned) {
                    throw new IllegalStateException("the live run was offered other events than the step's");
                }
                offered = null;
            } else {
                handOver(events);
            }
        } finally {
            lock.unlock();
        }
        awaitTurn(budget);
        return this;
    }

    /**
     * Hands the code the events of a step about to be taken and returns at once, the code running
     * meanwhile; the step then {@link #resume resumes} with the same events. Returns false, handing
     * nothing over, when the code does not wait (it runs, ended, or was abandoned or offered already).
     */
    public boolean offer(List<HistoryEvent> events) {
        lock.lock();
        try {
            if (phase != Phase.WAITING || abandoned || offered != null || !checkWarm()) {
                return false;
            }
            handOver(events);
            offered = List.copyOf(events);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a step with {@code events} can go on in this run: the code waits for them, or was offered
     * exactly these.
     */
    public boolean canGoOnWith(List<HistoryEvent> events) {
        lock.lock();
        try {
            if (abandoned) {
                return false;
            }
            return offered != null ? offered.equals(events) : phase == Phase.WAITING && checkWarm();
        } finally {
            lock.unlock();
        }
    }

    /** Whether events were {@link #offer offered} that no step took up. */
    public boolean isOffered() {
        lock.lock();
        try {
            return offered != null;
        } finally {
            lock.unlock();
        }
    }

    private void handOver(List<HistoryEvent> events) {
        if (phase != Phase.WAITING || abandoned) {
            throw new IllegalStateException("the live run is " + phase + (abandoned ? " and abandoned" : ""));
        }
        ctx.append(events);
        phase = Phase.RUNNING;
        turn.signalAll();
    }

    /** How the code stands now: waiting (BLOCKED), or how it ended; with what it did since the last outcome. */
    public ReplayOutcome outcome() {
        lock.lock();
        try {
            if (thrown instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                throw error;
            }
            return ctx.outcome(returned, thrown);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the code waits for a later step (and so may be kept). */
    public boolean isWaiting() {
        lock.lock();
        try {
            return phase == Phase.WAITING && !abandoned && offered == null && checkWarm();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the code unwind (it is not kept): the thread ends as a replayed run would. Code that was
     * offered events, or warms up, and runs is interrupted, as past a step's budget: no step waits for it.
     */
    public void abandon() {
        lock.lock();
        try {
            abandoned = true;
            if ((offered != null || warming) && phase == Phase.RUNNING) {
                thread.interrupt();
            }
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Remembers which stored history this run has seen: execution {@code id}, ending with {@code history}. */
    public void seen(String id, List<HistoryEvent> history) {
        this.executionId = id;
        this.seen = history.size();
        this.last = history.isEmpty() ? null : history.getLast();
    }

    /**
     * Whether this run has seen exactly {@code history} of execution {@code id}: as many events, the last
     * the same (a stored state rolled back and stepped otherwise never matches a run that went on).
     */
    public boolean hasSeen(String id, List<HistoryEvent> history) {
        return id.equals(executionId) && seen == history.size()
                && java.util.Objects.equals(last, history.isEmpty() ? null : history.getLast());
    }

    private void execute(Orchestrator orchestrator) {
        Object result = null;
        Throwable error = null;
        try {
            ctx.startExecution();
            result = orchestrator.run(ctx);
        } catch (OrchestrationSuspended | NonDeterminismDetected signal) {
            // the context remembers both
        } catch (Throwable e) {
            error = e;
        }
        lock.lock();
        try {
            returned = result;
            thrown = error;
            phase = Phase.ENDED;
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Called by the code (on its thread) when it waits for events no step has brought yet. */
    void pause() {
        lock.lock();
        try {
            phase = Phase.WAITING;
            turn.signalAll();
            while (phase == Phase.WAITING && !abandoned) {
                turn.awaitUninterruptibly();
            }
            if (abandoned) {
                throw new OrchestrationSuspended();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits (on the stepping thread) until the code waits or ended, at most what is left of {@code budget}. */
    private void awaitTurn(StepBudget budget) {
        lock.lock();
        try {
            while (phase == Phase.RUNNING) {
                if (!budget.limited()) {
                    turn.await();
                } else if (budget.leftNanos() <= 0) {
                    abandoned = true;
                    thread.interrupt();
                    turn.signalAll();
                    throw budget.exceeded();
                } else {
                    budget.left(turn.awaitNanos(budget.leftNanos()));
                }
            }
        } catch (InterruptedException e) {
            abandoned = true;
            turn.signalAll();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while orchestrator code ran", e);
        } finally {
            lock.unlock();
        }
    }
}
