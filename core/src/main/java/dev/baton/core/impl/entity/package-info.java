/**
 * Durable entities: the runtime that applies their operations, the client side of entity requests,
 * and the state kept between episodes. What runs on which thread:
 *
 * <ul>
 *   <li>{@link dev.baton.core.impl.entity.EntityRuntime}: called by a partition on its context;
 *       loads and commits on that context (store futures complete there). A batch of operations
 *       ({@code EntityBatch}, {@code EntityInbox}, {@code OperationContext}, {@code ClassEntity})
 *       runs on one virtual thread per episode, on the partition's event loop where the engine
 *       allows it, and its result returns to the partition's context with {@code runOnContext}.
 *   <li>{@code EntityRuntime.Loaded}: an entity as its partition keeps it between episodes; touched
 *       only on that partition's context.
 *   <li>{@link dev.baton.core.impl.entity.EntityClient}: on the caller's thread or context (the
 *       client API); it only reads rows and sends messages.
 *   <li>{@code EntityRouting}, {@code EntityRows}, {@code SentToEntities}: pure helpers, or state
 *       owned by an orchestration's slot on its partition's context.
 * </ul>
 */
package dev.baton.core.impl.entity;
