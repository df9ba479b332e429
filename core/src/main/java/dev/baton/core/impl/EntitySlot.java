package dev.baton.core.impl;

import dev.baton.core.impl.entity.EntityRuntime;

/**
 * What a partition knows of one entity: its state as last loaded, or nothing until its next episode
 * loads it. Touched only on the partition's context; its life cycle is the {@link
 * InstanceLifecycle#ENTITY} table of its {@link InstanceMachine} (each episode runs and commits a
 * batch of operations in one step).
 */
final class EntitySlot extends InstanceSlot {

  /** The entity as loaded, or {@code null} until loaded (and after a failed episode). */
  EntityRuntime.Loaded entity;

  /**
   * @param maxBatch the most operations one episode takes
   * @param keepLoaded whether the entity stays in memory between episodes
   */
  EntitySlot(String instanceId, int maxBatch, boolean keepLoaded) {
    super(instanceId, new InstanceMachine(InstanceLifecycle.ENTITY, maxBatch, keepLoaded));
  }

  @Override
  void dropExecution() {
    entity = null;
  }

  @Override
  long cachedBytes() {
    return entity == null || entity.snapshot() == null
        ? 0
        : ExecutionCache.bytes(entity.snapshot());
  }
}
