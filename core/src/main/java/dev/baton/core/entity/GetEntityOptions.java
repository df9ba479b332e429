package dev.baton.core.entity;

import io.vertx.core.json.JsonObject;

/**
 * What {@code DurableClient.getEntity} reads: by default the entity's state with its metadata;
 * without it, only the metadata (last operation time, lock), a single small read however large the
 * state is.
 *
 * <pre>{@code
 * client.getEntity(id, new GetEntityOptions().setIncludeState(false))
 *     .onSuccess(m -> System.out.println(m.lastOperationTime()));
 * }</pre>
 */
public final class GetEntityOptions {

  /** Default: the state is read. */
  public static final boolean DEFAULT_INCLUDE_STATE = true;

  private boolean includeState = DEFAULT_INCLUDE_STATE;

  public GetEntityOptions() {}

  /** Options from JSON: {@code includeState}. */
  public GetEntityOptions(JsonObject json) {
    this.includeState = json.getBoolean("includeState", DEFAULT_INCLUDE_STATE);
  }

  public boolean isIncludeState() {
    return includeState;
  }

  /** Whether the state is read ({@code false}: the metadata only). */
  public GetEntityOptions setIncludeState(boolean includeState) {
    this.includeState = includeState;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("includeState", includeState);
  }
}
