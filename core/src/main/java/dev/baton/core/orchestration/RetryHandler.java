package dev.baton.core.orchestration;

import dev.baton.core.FailureDetails;

/**
 * Decides whether a failed call is retried. Runs in orchestrator code: it must be deterministic.
 *
 * <pre>{@code
 * policy.setHandler(retry -> !retry.failure().isCausedBy(IllegalArgumentException.class));
 * }</pre>
 */
@FunctionalInterface
public interface RetryHandler {

  /** Whether to retry after the failure described by {@code retry}. */
  boolean shouldRetry(RetryContext retry);

  /**
   * What a retry handler knows about a failure.
   *
   * @param failure the last attempt's failure
   * @param attempt the number of the attempt that failed, from 1
   * @param totalRetryTime the time since the first attempt started
   */
  record RetryContext(FailureDetails failure, int attempt, java.time.Duration totalRetryTime) {}
}
