package dev.baton.core.client;

import io.vertx.core.json.JsonObject;

/**
 * How {@link DurableClient#purgeInstance(String, PurgeInstanceOptions)} purges an instance. By
 * default only the instance's own history and status are deleted; {@code recursive} deletes those
 * of every sub-orchestration it started, at every depth, too. A recursive purge deletes nothing
 * unless the whole tree has finished.
 *
 * <pre>{@code
 * client.purgeInstance(orderId, new PurgeInstanceOptions().setRecursive(true))
 *     .onSuccess(n -> System.out.println(n + " instances purged"));
 * }</pre>
 */
public final class PurgeInstanceOptions {

  /** Default: only the instance itself is purged. */
  public static final boolean DEFAULT_RECURSIVE = false;

  private boolean recursive = DEFAULT_RECURSIVE;

  public PurgeInstanceOptions() {}

  /** Options from JSON: {@code recursive}. */
  public PurgeInstanceOptions(JsonObject json) {
    this.recursive = json.getBoolean("recursive", DEFAULT_RECURSIVE);
  }

  public boolean isRecursive() {
    return recursive;
  }

  /** Whether the instance's sub-orchestrations, at every depth, are purged too. */
  public PurgeInstanceOptions setRecursive(boolean recursive) {
    this.recursive = recursive;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("recursive", recursive);
  }
}
