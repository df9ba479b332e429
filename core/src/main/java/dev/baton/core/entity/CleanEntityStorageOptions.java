package dev.baton.core.entity;

import io.vertx.core.json.JsonObject;

/**
 * What {@code DurableClient.cleanEntityStorage} does: release critical sections whose orchestration
 * has ended or is gone, and remove the storage of entities without state, lock or waiting
 * operations. Both are on by default.
 *
 * <pre>{@code
 * client.cleanEntityStorage(new CleanEntityStorageOptions().setRemoveEmptyEntities(false));
 * }</pre>
 */
public final class CleanEntityStorageOptions {

  /** Default: empty entities are removed. */
  public static final boolean DEFAULT_REMOVE_EMPTY_ENTITIES = true;

  /** Default: orphaned locks are released. */
  public static final boolean DEFAULT_RELEASE_ORPHANED_LOCKS = true;

  private boolean removeEmptyEntities = DEFAULT_REMOVE_EMPTY_ENTITIES;
  private boolean releaseOrphanedLocks = DEFAULT_RELEASE_ORPHANED_LOCKS;

  public CleanEntityStorageOptions() {}

  /** Options from JSON: {@code removeEmptyEntities}, {@code releaseOrphanedLocks}. */
  public CleanEntityStorageOptions(JsonObject json) {
    this.removeEmptyEntities =
        json.getBoolean("removeEmptyEntities", DEFAULT_REMOVE_EMPTY_ENTITIES);
    this.releaseOrphanedLocks =
        json.getBoolean("releaseOrphanedLocks", DEFAULT_RELEASE_ORPHANED_LOCKS);
  }

  public boolean isRemoveEmptyEntities() {
    return removeEmptyEntities;
  }

  /** Whether entities without state, lock or waiting operations lose their storage. */
  public CleanEntityStorageOptions setRemoveEmptyEntities(boolean removeEmptyEntities) {
    this.removeEmptyEntities = removeEmptyEntities;
    return this;
  }

  public boolean isReleaseOrphanedLocks() {
    return releaseOrphanedLocks;
  }

  /** Whether locks held for an orchestration that has ended or is gone are released. */
  public CleanEntityStorageOptions setReleaseOrphanedLocks(boolean releaseOrphanedLocks) {
    this.releaseOrphanedLocks = releaseOrphanedLocks;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("removeEmptyEntities", removeEmptyEntities)
        .put("releaseOrphanedLocks", releaseOrphanedLocks);
  }
}
