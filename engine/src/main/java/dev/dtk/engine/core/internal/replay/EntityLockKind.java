package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityLock;
import dev.dtk.topics.message.EntityResponded;
import dev.dtk.topics.message.LockEntities;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.UnlockEntity;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The critical section: {@code lockEntities} records {@link HistoryEvent.EntityLockRequested} and sends a
 * {@link LockEntities} to the first entity of the sorted set, which passes it on once locked; the last
 * one's {@link EntityResponded} becomes {@link HistoryEvent.EntityLockGranted}. Closing the lock records
 * {@link HistoryEvent.EntityUnlocked} and sends an {@link UnlockEntity} to each entity; an execution that
 * ends in any way releases whatever it still holds or asked for ({@link #releaseHeld}). A grant that
 * reaches an execution which no longer waits for it is answered with unlocks at once, so no entity
 * stays locked for an orchestration that has gone.
 */
public final class EntityLockKind {

    private EntityLockKind() {
    }

    /** The critical section of one lock request, as the code sees it. */
    static final class Section implements EntityLock {

        private final ReplayContext ctx;
        private final int lockTaskId;
        private final List<EntityId> entities;
        private boolean granted;
        private boolean released;

        Section(ReplayContext ctx, int lockTaskId, List<EntityId> entities) {
            this.ctx = ctx;
            this.lockTaskId = lockTaskId;
            this.entities = List.copyOf(entities);
        }

        @Override
        public List<EntityId> entities() {
            return entities;
        }

        @Override
        public boolean isHeld() {
            return granted && !released;
        }

        /** Whether this section still holds or waits for its locks (another lock request would nest). */
        boolean isOpen() {
            return !released;
        }

        /**
         * Releases the locks; does nothing while the run is suspending (a try-with-resources block left
         * because the code waits for a task that has no outcome yet: the section goes on in a later step).
         */
        @Override
        public void close() {
            if (!isHeld() || ctx.isSuspending()) {
                return;
            }
            released = true;
            int id = ctx.actions().nextId();
            ctx.actions().schedule(new HistoryEvent.EntityUnlocked(ctx.currentUtcDateTime(), id, lockTaskId,
                    entities.stream().map(EntityId::toString).toList()));
        }

        @Override
        public String toString() {
            return "lock on " + entities + (isHeld() ? " (held)" : released ? " (released)" : " (requested)");
        }
    }

    /** The task of a lock request: completes with the {@link Section} once every entity is locked. */
    static final class Request extends ReplayTask<EntityLock> {

        private final Section section;

        Request(ReplayContext ctx, Section section) {
            super(ctx);
            this.section = section;
        }

        @Override
        public String toString() {
            return "lockEntities(" + section.entities + ") (#" + section.lockTaskId + ")";
        }
    }

    static ReplayTask<EntityLock> lock(ReplayContext ctx, List<EntityId> requested) {
        Objects.requireNonNull(requested, "the entities of lockEntities");
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("lockEntities needs at least one entity");
        }
        requested.forEach(entity -> Objects.requireNonNull(entity, "lockEntities got a null entity"));
        Section open = ctx.section();
        if (open != null && open.isOpen()) {
            throw new IllegalStateException("critical sections do not nest: this orchestration already "
                    + (open.isHeld() ? "holds" : "asked for") + " a lock on " + open.entities
                    + "; close that lock before locking again");
        }
        List<EntityId> sorted = List.copyOf(new TreeSet<>(requested));
        int id = ctx.actions().nextId();
        ctx.actions().schedule(new HistoryEvent.EntityLockRequested(ctx.currentUtcDateTime(), id,
                sorted.stream().map(EntityId::toString).toList()));
        Section section = new Section(ctx, id, sorted);
        ctx.enter(section);
        return ctx.register(id, new Request(ctx, section));
    }

    /** Inside a critical section, only the locked entities may be called. */
    static void requireCallable(ReplayContext ctx, EntityId entity) {
        Section section = ctx.section();
        if (section != null && section.isHeld() && !section.entities.contains(entity)) {
            throw new IllegalStateException("inside a critical section an orchestration may call only the entities it"
                    + " locked (" + section.entities + "); '" + entity + "' is not one of them");
        }
    }

    /** Inside a critical section, the locked entities may not be signalled. */
    static void requireSignallable(ReplayContext ctx, EntityId entity) {
        Section section = ctx.section();
        if (section != null && section.isHeld() && section.entities.contains(entity)) {
            throw new IllegalStateException("inside a critical section an orchestration may not signal an entity it"
                    + " locked ('" + entity + "'); call it instead");
        }
    }

    /** Inside a critical section, {@code what} is not allowed. */
    static void requireOutside(ReplayContext ctx, String what) {
        Section section = ctx.section();
        if (section != null && section.isHeld()) {
            throw new IllegalStateException(what + " is not allowed inside a critical section (it holds " + section.entities
                    + "); close the lock first");
        }
    }

    static String describe(HistoryEvent.EntityLockRequested requested) {
        return "lockEntities(" + requested.lockSet() + ")";
    }

    static String describe(HistoryEvent.EntityUnlocked unlocked) {
        return "release of the lock on " + unlocked.lockSet();
    }

    static void execute(HistoryEvent.EntityLockRequested requested, Execution execution) {
        execution.send(new Outbound.SendCommand(requested.lockSet().getFirst(), new LockEntities(
                WireMessage.CURRENT_VERSION, requested.lockSet(), 0,
                new ParentInstance(execution.instanceId(), execution.executionId(), requested.taskId()))));
    }

    static void execute(HistoryEvent.EntityUnlocked unlocked, Execution execution) {
        unlock(unlocked.lockSet(), execution.instanceId(), execution.executionId(), execution::send);
    }

    static void granted(ReplayTask<?> open, HistoryEvent.EntityLockGranted granted) {
        if (open instanceof Request request && !request.isDone()) {
            request.section.granted = true;
            request.complete(request.section);
        }
    }

    /**
     * A lock grant, checked against the instance: it ends a pending lock request, or, when nothing waits
     * for it, is answered with unlocks for every entity of its set.
     */
    static Admission admit(String instanceId, InstanceState state, EntityResponded grant, Instant now) {
        String what = "lock grant for task #" + grant.taskId() + " (" + grant.lockSet() + ")";
        String problem = Staleness.of(instanceId, state, grant.executionId(), what);
        if (problem != null) {
            return Admission.ignoreAndSend(problem + "; the entities are released",
                    unlocks(grant.lockSet(), instanceId, grant.executionId()));
        }
        PendingWork pending = PendingWork.of(state);
        if (pending.isPending(grant.taskId(), HistoryEvent.EntityLockRequested.class)) {
            return Admission.accept(new HistoryEvent.EntityLockGranted(now, grant.taskId()));
        }
        if (pending.isFinished(grant.taskId())) {
            return Admission.ignore("duplicate " + what + " for instance '" + instanceId + "'");
        }
        return Admission.ignoreAndSend(what + " for instance '" + instanceId + "': no such lock request is pending;"
                + " the entities are released", unlocks(grant.lockSet(), instanceId, grant.executionId()));
    }

    /**
     * Sends unlocks for every lock request of {@code history} (one execution) that was not released: the
     * execution ended holding them, or still waiting for them.
     */
    public static void releaseHeld(List<HistoryEvent> history, String instanceId, String executionId,
            Consumer<Outbound> out) {
        Map<Integer, List<String>> held = new LinkedHashMap<>();
        for (HistoryEvent event : history) {
            if (event instanceof HistoryEvent.EntityLockRequested requested) {
                held.put(requested.taskId(), requested.lockSet());
            } else if (event instanceof HistoryEvent.EntityUnlocked unlocked) {
                held.remove(unlocked.lockTaskId());
            }
        }
        held.values().forEach(lockSet -> unlock(lockSet, instanceId, executionId, out));
    }

    /** Whether {@code history} ever asked for entity locks. */
    public static boolean everLocked(List<HistoryEvent> history) {
        return history.stream().anyMatch(HistoryEvent.EntityLockRequested.class::isInstance);
    }

    private static List<Outbound> unlocks(List<String> lockSet, String instanceId, String executionId) {
        List<Outbound> out = new ArrayList<>();
        unlock(lockSet, instanceId, executionId, out::add);
        return out;
    }

    private static void unlock(List<String> lockSet, String instanceId, String executionId, Consumer<Outbound> out) {
        for (String entity : lockSet) {
            out.accept(new Outbound.SendCommand(entity, new UnlockEntity(WireMessage.CURRENT_VERSION, instanceId,
                    executionId)));
        }
    }
}
