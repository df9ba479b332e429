package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.time.Duration;

/**
 * A {@link RetryHandler}'s answer: stop, retry after the policy's delay, or retry after a chosen
 * delay (a durable timer; zero retries at once).
 *
 * @param shouldRetry whether to make another attempt
 * @param delay the chosen wait before it, or {@code null} for the policy's (none without a policy)
 */
public record RetryDecision(boolean shouldRetry, Duration delay) {

  private static final RetryDecision STOP = new RetryDecision(false, null);
  private static final RetryDecision RETRY = new RetryDecision(true, null);

  /**
   * @throws BatonException with {@code INVALID_ARGUMENT} for a negative delay, or a delay given
   *     with {@code shouldRetry} false
   */
  public RetryDecision {
    if (delay != null && delay.isNegative()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "a retry delay must be zero or positive, got " + delay);
    }
    if (!shouldRetry && delay != null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "a decision to stop retrying takes no delay");
    }
  }

  /** Give up: the call fails with the last attempt's failure. */
  public static RetryDecision stop() {
    return STOP;
  }

  /** Retry after the policy's delay, or at once without a policy. */
  public static RetryDecision retry() {
    return RETRY;
  }

  /**
   * Retry after {@code delay}, instead of the policy's delay.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when {@code delay} is null or negative
   */
  public static RetryDecision retryAfter(Duration delay) {
    if (delay == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "retryAfter needs a delay");
    }
    return new RetryDecision(true, delay);
  }
}
