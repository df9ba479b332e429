package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of one durable call (activity, entity call, and the base of {@link
 * SubOrchestrationOptions}): how a failed call is retried and how long the orchestration waits for
 * it.
 *
 * <pre>{@code
 * var options = new TaskOptions()
 *     .setRetryPolicy(new RetryPolicy().setMaxAttempts(3))
 *     .setTimeout(Duration.ofMinutes(5));
 * ctx.callActivity("charge", order, Receipt.class, options).await();
 * }</pre>
 */
public class TaskOptions {

  private RetryPolicy retryPolicy;
  private RetryHandler retryHandler;
  private Duration timeout;

  public TaskOptions() {}

  /**
   * Options from their JSON form: {@code retryPolicy} (see {@link RetryPolicy#RetryPolicy(
   * JsonObject)}) and {@code timeoutMs}. A retry handler is code and has no JSON form.
   */
  public TaskOptions(JsonObject json) {
    JsonObject retry = json.getJsonObject("retryPolicy");
    this.retryPolicy = retry == null ? null : new RetryPolicy(retry);
    Long millis = json.getLong("timeoutMs");
    setTimeout(millis == null ? null : Duration.ofMillis(millis));
  }

  /** The retry policy, or {@code null}. */
  public RetryPolicy getRetryPolicy() {
    return retryPolicy;
  }

  /**
   * Retries a failed call by this policy; {@code null} (and no retry handler) makes one attempt
   * only.
   */
  public TaskOptions setRetryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = retryPolicy;
    return this;
  }

  /** The retry handler, or {@code null}. */
  public RetryHandler getRetryHandler() {
    return retryHandler;
  }

  /**
   * A handler that decides after each failure whether to retry and after how long. Alone, it alone
   * decides (there is no attempt limit but its own); with a {@link #setRetryPolicy retry policy},
   * it is asked only while the policy's limits allow another attempt, and is told the policy's
   * delay.
   */
  public TaskOptions setRetryHandler(RetryHandler retryHandler) {
    this.retryHandler = retryHandler;
    return this;
  }

  /** The timeout, or {@code null} for none. */
  public Duration getTimeout() {
    return timeout;
  }

  /**
   * How long the orchestration waits for the call, retries included (a durable timer); then the
   * task fails with a {@link TaskTimeoutException}. The call itself is not cancelled and its late
   * result is ignored. {@code null}: no limit.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when zero or negative
   */
  public TaskOptions setTimeout(Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "a call timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** The JSON form of these options (without the retry handler). */
  public JsonObject toJson() {
    var json = new JsonObject();
    if (retryPolicy != null) {
      json.put("retryPolicy", retryPolicy.toJson());
    }
    if (timeout != null) {
      json.put("timeoutMs", timeout.toMillis());
    }
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && o instanceof TaskOptions other
        && Objects.equals(retryPolicy, other.retryPolicy)
        && Objects.equals(retryHandler, other.retryHandler)
        && Objects.equals(timeout, other.timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(retryPolicy, timeout);
  }
}
