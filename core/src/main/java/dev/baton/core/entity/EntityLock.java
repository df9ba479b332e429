package dev.baton.core.entity;

import java.util.List;

/**
 * A critical section held by an orchestration over several entities, obtained from {@code
 * OrchestrationContext.lockEntities}. While it is held, no other orchestration, client or entity
 * runs an operation on these entities: their messages wait. Closing it releases them; so does the
 * orchestration's end (completion, failure, termination), and an engine crash never leaves it held.
 *
 * <pre>{@code
 * try (EntityLock lock = ctx.lockEntities(from, to)) {
 *   long balance = ctx.callEntity(from, "get", null, Long.class).await();
 *   if (balance >= amount) {
 *     ctx.callEntity(from, "withdraw", amount, Void.class).await();
 *     ctx.callEntity(to, "deposit", amount, Void.class).await();
 *   }
 * }
 * }</pre>
 *
 * <p>Inside a critical section an orchestration may call only the locked entities, may not signal
 * them, may not lock again and may not start sub-orchestrations.
 */
public interface EntityLock extends AutoCloseable {

  /** The locked entities, in the order they were acquired. */
  List<EntityId> entities();

  /** Whether the lock is still held. */
  boolean isHeld();

  /** Releases the entities; does nothing when already released. */
  @Override
  void close();
}
