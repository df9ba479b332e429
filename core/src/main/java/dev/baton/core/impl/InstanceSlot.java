package dev.baton.core.impl;

import dev.baton.core.impl.entity.EntityRouting;

/**
 * What a partition knows of one instance, in one of two kinds: an {@link OrchestrationSlot} (its
 * history folded into a status, its open calls, its cached execution) or an {@link EntitySlot} (its
 * loaded state), each holding only its own fields. Both carry the instance's {@link
 * InstanceMachine}, built on the kind's transition table, and the meters of its episodes. Touched
 * only on the partition's context.
 *
 * <p>{@code InstanceSlot.of("@counter@a", ...)} is an entity's slot; any other id an
 * orchestration's.
 */
abstract sealed class InstanceSlot permits OrchestrationSlot, EntitySlot {

  final String instanceId;

  /** The instance's life cycle: the messages waiting and the episode under way. */
  final InstanceMachine machine;

  /** When the running episode began (System.nanoTime), kept only when metrics are on. */
  long episodeStart;

  /** The episode meters of this instance's name, once resolved (see PartitionMeters). */
  PartitionMeters.Named meters;

  /** Its place in its partition's cache while it is idle there; set only by PartitionCache. */
  PartitionCache.Entry cacheEntry;

  InstanceSlot(String instanceId, InstanceMachine machine) {
    this.instanceId = instanceId;
    this.machine = machine;
  }

  /**
   * The slot of {@code instanceId}, of the kind its id names.
   *
   * @param maxEntityBatch the most messages an entity's episode takes
   * @param keepLoaded whether the instance stays in memory between episodes
   */
  static InstanceSlot of(String instanceId, int maxEntityBatch, boolean keepLoaded) {
    return EntityRouting.isEntity(instanceId)
        ? new EntitySlot(instanceId, maxEntityBatch, keepLoaded)
        : new OrchestrationSlot(instanceId, keepLoaded);
  }

  /** Forgets what is cached of the instance's code or state: the next episode loads it again. */
  abstract void dropExecution();

  /** An estimate of the payload bytes this slot holds while idle, for the cache's bound. */
  abstract long cachedBytes();
}
