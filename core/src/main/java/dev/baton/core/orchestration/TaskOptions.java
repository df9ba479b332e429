package dev.baton.core.orchestration;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Options of one durable call, such as its retry policy.
 *
 * <pre>{@code
 * var options = new TaskOptions().setRetryPolicy(new RetryPolicy().setMaxAttempts(3));
 * ctx.callActivity("charge", order, Receipt.class, options).await();
 * }</pre>
 */
public final class TaskOptions {

  private RetryPolicy retryPolicy;

  public TaskOptions() {}

  /** Options from their JSON form ({@code {"retryPolicy": {...}}}). */
  public TaskOptions(JsonObject json) {
    JsonObject retry = json.getJsonObject("retryPolicy");
    this.retryPolicy = retry == null ? null : new RetryPolicy(retry);
  }

  /** The retry policy, or {@code null} for a single attempt. */
  public RetryPolicy getRetryPolicy() {
    return retryPolicy;
  }

  /** Retries a failed call by this policy; {@code null} makes one attempt only. */
  public TaskOptions setRetryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = retryPolicy;
    return this;
  }

  /** The JSON form of these options. */
  public JsonObject toJson() {
    var json = new JsonObject();
    if (retryPolicy != null) {
      json.put("retryPolicy", retryPolicy.toJson());
    }
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskOptions other && Objects.equals(retryPolicy, other.retryPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(retryPolicy);
  }
}
