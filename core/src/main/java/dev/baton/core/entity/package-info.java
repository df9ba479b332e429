/**
 * Durable entities: small pieces of state addressed by an {@link dev.baton.core.entity.EntityId}
 * ({@code name} + {@code key}), changed only by their operations, which run one at a time per
 * entity. An {@link dev.baton.core.entity.Entity} is registered on the builder by name; clients,
 * orchestrations and other entities send it operations.
 *
 * <ul>
 *   <li>A <b>signal</b> is one-way: from a client ({@code DurableClient.signalEntity}), an
 *       orchestration ({@code OrchestrationContext.signalEntity}) or an entity ({@link
 *       dev.baton.core.entity.EntityContext#signalEntity}), optionally scheduled for later.
 *   <li>A <b>call</b> returns the operation's result to an orchestration ({@code
 *       OrchestrationContext.callEntity}).
 *   <li>A <b>critical section</b> ({@code OrchestrationContext.lockEntities}) holds several
 *       entities for one orchestration; see {@link dev.baton.core.entity.EntityLock}.
 * </ul>
 *
 * <p>Each operation is applied exactly once: an entity keeps, with its state, how far it has read
 * each sender's messages, so a redelivered or duplicated message is recognised, and operations from
 * one sender run in the order they were sent. An entity's pending operations run in one episode and
 * are committed in one write.
 */
package dev.baton.core.entity;
