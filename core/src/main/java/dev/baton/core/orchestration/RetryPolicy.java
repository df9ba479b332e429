package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * How a failed activity or sub-orchestration is retried: up to {@code maxAttempts} attempts in all,
 * waiting {@code firstRetryInterval} before the first retry and multiplying the wait by {@code
 * backoffCoefficient} each time, never more than {@code maxRetryInterval}, and giving up once the
 * next attempt would start more than {@code retryTimeout} after the first. Waits are durable
 * timers, so a retry survives a restart. A {@link RetryHandler} set beside it in {@link
 * TaskOptions} decides within these limits.
 *
 * <pre>{@code
 * new RetryPolicy()
 *     .setMaxAttempts(5)
 *     .setFirstRetryInterval(Duration.ofSeconds(1))
 *     .setBackoffCoefficient(2.0)
 *     .setMaxRetryInterval(Duration.ofMinutes(1));
 * }</pre>
 */
public final class RetryPolicy {

  /** Default attempts in all: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** Default wait before the first retry: 1 second. */
  public static final Duration DEFAULT_FIRST_RETRY_INTERVAL = Duration.ofSeconds(1);

  /** Default backoff coefficient: 1 (constant waits). */
  public static final double DEFAULT_BACKOFF_COEFFICIENT = 1.0;

  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private Duration firstRetryInterval = DEFAULT_FIRST_RETRY_INTERVAL;
  private double backoffCoefficient = DEFAULT_BACKOFF_COEFFICIENT;
  private Duration maxRetryInterval;
  private Duration retryTimeout;

  public RetryPolicy() {}

  /**
   * A policy from its JSON form: {@code maxAttempts}, {@code firstRetryIntervalMs}, {@code
   * backoffCoefficient}, {@code maxRetryIntervalMs}, {@code retryTimeoutMs}.
   */
  public RetryPolicy(JsonObject json) {
    setMaxAttempts(json.getInteger("maxAttempts", DEFAULT_MAX_ATTEMPTS));
    setFirstRetryInterval(
        Duration.ofMillis(
            json.getLong("firstRetryIntervalMs", DEFAULT_FIRST_RETRY_INTERVAL.toMillis())));
    setBackoffCoefficient(json.getDouble("backoffCoefficient", DEFAULT_BACKOFF_COEFFICIENT));
    Long max = json.getLong("maxRetryIntervalMs");
    setMaxRetryInterval(max == null ? null : Duration.ofMillis(max));
    Long timeout = json.getLong("retryTimeoutMs");
    setRetryTimeout(timeout == null ? null : Duration.ofMillis(timeout));
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * Attempts in all, the first included (at least 1).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when below 1
   */
  public RetryPolicy setMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw invalid("maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    return this;
  }

  public Duration getFirstRetryInterval() {
    return firstRetryInterval;
  }

  /**
   * The wait before the first retry (positive).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when null, zero or negative
   */
  public RetryPolicy setFirstRetryInterval(Duration firstRetryInterval) {
    if (firstRetryInterval == null
        || firstRetryInterval.isNegative()
        || firstRetryInterval.isZero()) {
      throw invalid("firstRetryInterval must be positive, got " + firstRetryInterval);
    }
    this.firstRetryInterval = firstRetryInterval;
    return this;
  }

  public double getBackoffCoefficient() {
    return backoffCoefficient;
  }

  /**
   * The factor applied to the wait after each retry (at least 1).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when below 1 or not finite
   */
  public RetryPolicy setBackoffCoefficient(double backoffCoefficient) {
    if (!(backoffCoefficient >= 1.0) || Double.isInfinite(backoffCoefficient)) {
      throw invalid("backoffCoefficient must be a finite number >= 1, got " + backoffCoefficient);
    }
    this.backoffCoefficient = backoffCoefficient;
    return this;
  }

  public Duration getMaxRetryInterval() {
    return maxRetryInterval;
  }

  /**
   * The longest wait between attempts, or {@code null} for no limit.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when shorter than the first interval
   */
  public RetryPolicy setMaxRetryInterval(Duration maxRetryInterval) {
    if (maxRetryInterval != null && maxRetryInterval.compareTo(firstRetryInterval) < 0) {
      throw invalid(
          "maxRetryInterval ("
              + maxRetryInterval
              + ") must not be shorter than firstRetryInterval ("
              + firstRetryInterval
              + ")");
    }
    this.maxRetryInterval = maxRetryInterval;
    return this;
  }

  public Duration getRetryTimeout() {
    return retryTimeout;
  }

  /**
   * How long after the first attempt retries may still start, or {@code null} for no limit.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when zero or negative
   */
  public RetryPolicy setRetryTimeout(Duration retryTimeout) {
    if (retryTimeout != null && (retryTimeout.isNegative() || retryTimeout.isZero())) {
      throw invalid("retryTimeout must be positive, got " + retryTimeout);
    }
    this.retryTimeout = retryTimeout;
    return this;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry).
   *
   * @param retry the retry number, from 1
   */
  public Duration delayBeforeRetry(int retry) {
    double millis = firstRetryInterval.toMillis() * Math.pow(backoffCoefficient, retry - 1);
    long capped = (long) Math.min(millis, Long.MAX_VALUE / 2.0);
    Duration delay = Duration.ofMillis(capped);
    return maxRetryInterval != null && delay.compareTo(maxRetryInterval) > 0
        ? maxRetryInterval
        : delay;
  }

  /** The JSON form of this policy. */
  public JsonObject toJson() {
    var json =
        new JsonObject()
            .put("maxAttempts", maxAttempts)
            .put("firstRetryIntervalMs", firstRetryInterval.toMillis())
            .put("backoffCoefficient", backoffCoefficient);
    if (maxRetryInterval != null) {
      json.put("maxRetryIntervalMs", maxRetryInterval.toMillis());
    }
    if (retryTimeout != null) {
      json.put("retryTimeoutMs", retryTimeout.toMillis());
    }
    return json;
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, "invalid retry policy: " + message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy p
        && maxAttempts == p.maxAttempts
        && firstRetryInterval.equals(p.firstRetryInterval)
        && backoffCoefficient == p.backoffCoefficient
        && Objects.equals(maxRetryInterval, p.maxRetryInterval)
        && Objects.equals(retryTimeout, p.retryTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        maxAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval, retryTimeout);
  }
}
