package dev.baton.core.entity;

/**
 * What {@code DurableClient.cleanEntityStorage} did.
 *
 * @param emptyEntitiesRemoved entities without state, lock or waiting work whose storage was
 *     removed
 * @param orphanedLocksReleased locks released because the orchestration holding them had ended or
 *     no longer existed
 */
public record CleanEntityStorageResult(int emptyEntitiesRemoved, int orphanedLocksReleased) {}
