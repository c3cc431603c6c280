package dev.dtk.entity;

import java.util.List;

/**
 * The locks an orchestration holds on a set of entities: its critical section. While it holds them,
 * no other operation runs on those entities; the orchestration may call them (and only them) and
 * may not signal them, nor start sub-orchestrations, nor lock again. Close it to end the section:
 *
 * <pre>{@code
 * try (EntityLock lock = ctx.lockEntities(from, to).await()) {
 *     long balance = ctx.callEntity(from, "balance", null, Long.class).await();
 *     ...
 * }
 * }</pre>
 *
 * The locks are released too when the orchestration ends in any way (completes, fails, is terminated).
 */
public interface EntityLock extends AutoCloseable {

    /** The locked entities, in lock order. */
    List<EntityId> entities();

    /** Whether the section still holds its locks. */
    boolean isHeld();

    /** Releases the locks (once; later calls do nothing). */
    @Override
    void close();
}
