package dev.baton.web.stream;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Options of a {@link StreamTrigger}: how many items may be in flight, whether an item stays in
 * flight until the engine has picked its instance up, how delivery is retried while the engine is
 * unavailable and how often at most, and how long a stop waits.
 */
public final class StreamTriggerOptions {

  /** Items in flight at most, by default: 128. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 128;

  /** By default an item is in flight until its instance has left Pending. */
  public static final boolean DEFAULT_AWAIT_START = true;

  /** The first pause before a delivery is retried: 10 ms. */
  public static final Duration DEFAULT_RETRY_INITIAL_DELAY = Duration.ofMillis(10);

  /** The longest pause between retries: 1 s. */
  public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(1);

  /** Attempts per item by default: 0, no limit (an item waits out any outage of the store). */
  public static final int DEFAULT_MAX_ATTEMPTS = 0;

  /** How long {@code stop()} waits for items in flight by default: 30 s. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private boolean awaitStart = DEFAULT_AWAIT_START;
  private Duration retryInitialDelay = DEFAULT_RETRY_INITIAL_DELAY;
  private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

  public StreamTriggerOptions() {}

  public StreamTriggerOptions(StreamTriggerOptions other) {
    this.maxInFlight = other.maxInFlight;
    this.awaitStart = other.awaitStart;
    this.retryInitialDelay = other.retryInitialDelay;
    this.retryMaxDelay = other.retryMaxDelay;
    this.maxAttempts = other.maxAttempts;
    this.stopTimeout = other.stopTimeout;
  }

  /**
   * Options from JSON: {@code maxInFlight}, {@code awaitStart}, {@code retryInitialDelayMs}, {@code
   * retryMaxDelayMs}, {@code maxAttempts}, {@code stopTimeoutMs}.
   */
  public StreamTriggerOptions(JsonObject json) {
    setMaxInFlight(json.getInteger("maxInFlight", DEFAULT_MAX_IN_FLIGHT));
    setAwaitStart(json.getBoolean("awaitStart", DEFAULT_AWAIT_START));
    setRetryInitialDelay(
        Duration.ofMillis(
            json.getLong("retryInitialDelayMs", DEFAULT_RETRY_INITIAL_DELAY.toMillis())));
    setRetryMaxDelay(
        Duration.ofMillis(json.getLong("retryMaxDelayMs", DEFAULT_RETRY_MAX_DELAY.toMillis())));
    setMaxAttempts(json.getInteger("maxAttempts", DEFAULT_MAX_ATTEMPTS));
    setStopTimeout(
        Duration.ofMillis(json.getLong("stopTimeoutMs", DEFAULT_STOP_TIMEOUT.toMillis())));
  }

  public int getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * How many items may be in flight (read from the stream and not yet settled); the stream is not
   * asked for more until some settle.
   */
  public StreamTriggerOptions setMaxInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    return this;
  }

  public boolean isAwaitStart() {
    return awaitStart;
  }

  /**
   * Whether a started instance keeps its item in flight until the engine has picked it up (its
   * status left Pending), so a backlog the engine cannot absorb stops the stream. With {@code
   * false} an item settles once its start is stored.
   */
  public StreamTriggerOptions setAwaitStart(boolean awaitStart) {
    this.awaitStart = awaitStart;
    return this;
  }

  public Duration getRetryInitialDelay() {
    return retryInitialDelay;
  }

  /** The first pause before retrying a delivery that failed for a passing reason. */
  public StreamTriggerOptions setRetryInitialDelay(Duration retryInitialDelay) {
    if (retryInitialDelay == null || retryInitialDelay.isNegative() || retryInitialDelay.isZero()) {
      throw new IllegalArgumentException("retryInitialDelay must be positive");
    }
    this.retryInitialDelay = retryInitialDelay;
    return this;
  }

  public Duration getRetryMaxDelay() {
    return retryMaxDelay;
  }

  /** The longest pause between retries; the pause doubles up to it. */
  public StreamTriggerOptions setRetryMaxDelay(Duration retryMaxDelay) {
    if (retryMaxDelay == null || retryMaxDelay.isNegative() || retryMaxDelay.isZero()) {
      throw new IllegalArgumentException("retryMaxDelay must be positive");
    }
    this.retryMaxDelay = retryMaxDelay;
    return this;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * How many times an item's delivery is tried before it goes to the failure handler; 0 (the
   * default) tries until it succeeds. A try while no engine is running does not count: a restart
   * never uses up an item's attempts.
   */
  public StreamTriggerOptions setMaxAttempts(int maxAttempts) {
    if (maxAttempts < 0) {
      throw new IllegalArgumentException(
          "maxAttempts must be 0 (no limit) or more, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    return this;
  }

  public Duration getStopTimeout() {
    return stopTimeout;
  }

  /**
   * How long {@code stop()} waits for the items in flight to be delivered; then it gives up on them
   * (their acknowledgement says so, and the source keeps them) and completes, also while the engine
   * is down.
   */
  public StreamTriggerOptions setStopTimeout(Duration stopTimeout) {
    if (stopTimeout == null || stopTimeout.isNegative()) {
      throw new IllegalArgumentException("stopTimeout must be zero or positive");
    }
    this.stopTimeout = stopTimeout;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("maxInFlight", maxInFlight)
        .put("awaitStart", awaitStart)
        .put("retryInitialDelayMs", retryInitialDelay.toMillis())
        .put("retryMaxDelayMs", retryMaxDelay.toMillis())
        .put("maxAttempts", maxAttempts)
        .put("stopTimeoutMs", stopTimeout.toMillis());
  }
}
