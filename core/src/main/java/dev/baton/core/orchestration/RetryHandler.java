package dev.baton.core.orchestration;

import dev.baton.core.FailureDetails;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Decides, after a failed attempt of a durable call, whether to retry and after how long. It runs
 * in orchestrator code when the failure is applied (again at the same point on replay), so it must
 * be deterministic: take time from {@code retry.orchestration().currentTime()}, not the clock. It
 * must not await tasks. Set it with {@link TaskOptions#setRetryHandler}, alone or beside a {@link
 * RetryPolicy} that bounds it.
 *
 * <pre>{@code
 * RetryHandler handler = retry -> {
 *   if (retry.failure().isCausedBy(IllegalArgumentException.class)) {
 *     return RetryDecision.stop(); // retrying cannot help
 *   }
 *   return retry.attempt() < 5 ? RetryDecision.retryAfter(Duration.ofSeconds(retry.attempt() * 10))
 *       : RetryDecision.stop();
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RetryHandler {

  /**
   * What to do after the failure described by {@code retry}. Returning {@code null} or throwing
   * fails the call (a {@code null} with an {@code INVALID_ARGUMENT} error saying so).
   */
  RetryDecision decide(RetryContext retry);

  /**
   * A handler that retries, after the policy's delay (at once without a policy), while {@code
   * condition} holds.
   *
   * <pre>{@code
   * RetryHandler.retryIf(r -> !r.failure().isCausedBy(IllegalArgumentException.class))
   * }</pre>
   */
  static RetryHandler retryIf(Predicate<RetryContext> condition) {
    java.util.Objects.requireNonNull(condition, "condition");
    return retry -> condition.test(retry) ? RetryDecision.retry() : RetryDecision.stop();
  }

  /**
   * What a retry handler knows about a failure.
   *
   * @param orchestration the context of the orchestration making the call (read it; do not await)
   * @param failure the last attempt's failure
   * @param attempt the number of the attempt that failed, from 1
   * @param totalRetryTime the time since the first attempt started (orchestration time)
   * @param policyDelay the delay the retry policy would wait, or {@code null} without a policy
   */
  record RetryContext(
      OrchestrationContext orchestration,
      FailureDetails failure,
      int attempt,
      Duration totalRetryTime,
      Duration policyDelay) {}
}
