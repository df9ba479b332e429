package dev.baton.core.client;

import io.vertx.core.json.JsonObject;

/**
 * How {@link DurableClient#restart(String, RestartOptions)} starts an instance again. By default
 * the new run gets a new random id and the old instance stays as it is, as in Durable Functions;
 * with {@code restartWithNewInstanceId} false the same id is reused, which needs the old run to
 * have finished.
 *
 * <pre>{@code
 * client.restart(id, new RestartOptions().setRestartWithNewInstanceId(false));
 * }</pre>
 */
public final class RestartOptions {

  /** Default: the new run gets a new id. */
  public static final boolean DEFAULT_RESTART_WITH_NEW_INSTANCE_ID = true;

  private boolean restartWithNewInstanceId = DEFAULT_RESTART_WITH_NEW_INSTANCE_ID;

  public RestartOptions() {}

  /** Options from JSON: {@code restartWithNewInstanceId}. */
  public RestartOptions(JsonObject json) {
    this.restartWithNewInstanceId =
        json.getBoolean("restartWithNewInstanceId", DEFAULT_RESTART_WITH_NEW_INSTANCE_ID);
  }

  public boolean isRestartWithNewInstanceId() {
    return restartWithNewInstanceId;
  }

  /** Whether the new run gets a new random id ({@code false}: the same id is reused). */
  public RestartOptions setRestartWithNewInstanceId(boolean restartWithNewInstanceId) {
    this.restartWithNewInstanceId = restartWithNewInstanceId;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("restartWithNewInstanceId", restartWithNewInstanceId);
  }
}
