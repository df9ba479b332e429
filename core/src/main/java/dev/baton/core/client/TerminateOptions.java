package dev.baton.core.client;

import io.vertx.core.json.JsonObject;

/**
 * How {@link DurableClient#terminate(String, String, TerminateOptions)} terminates an instance. By
 * default only the instance itself ends, as in Durable Functions, and the sub-orchestrations it
 * started keep running; {@code recursive} terminates every descendant too (children, their
 * children, ...), whether the parent waited for them or not.
 *
 * <pre>{@code
 * client.terminate(orderId, "cancelled by the customer", new TerminateOptions().setRecursive(true));
 * }</pre>
 */
public final class TerminateOptions {

  /** Default: only the instance itself is terminated. */
  public static final boolean DEFAULT_RECURSIVE = false;

  private boolean recursive = DEFAULT_RECURSIVE;

  public TerminateOptions() {}

  /** Options from JSON: {@code recursive}. */
  public TerminateOptions(JsonObject json) {
    this.recursive = json.getBoolean("recursive", DEFAULT_RECURSIVE);
  }

  public boolean isRecursive() {
    return recursive;
  }

  /** Whether the instance's sub-orchestrations, at every depth, are terminated too. */
  public TerminateOptions setRecursive(boolean recursive) {
    this.recursive = recursive;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("recursive", recursive);
  }
}
