package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.FailureDetails;
import dev.baton.core.orchestration.RetryHandler.RetryContext;
import dev.baton.core.orchestration.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Retries of a durable call by a {@link RetryPolicy}: after a failed attempt, a durable timer waits
 * the policy's delay and the call is made again, as new actions in history, so a retry survives a
 * restart and replays identically.
 */
final class Retries {

  private Retries() {}

  /** A task that makes attempts with {@code attempt} until one succeeds or the policy gives up. */
  static <T> TaskImpl<T> retrying(
      ExecutionContext ctx, Supplier<TaskImpl<T>> attempt, RetryPolicy policy) {
    var result = new TaskImpl<T>(ctx);
    Instant firstStart = ctx.now();
    new Runnable() {
      int attemptNo = 1;

      @Override
      public void run() {
        TaskImpl<T> current = attempt.get();
        current.onDone(
            () -> {
              if (!current.isFailed()) {
                result.complete(current.result());
                return;
              }
              RuntimeException failure = current.failure();
              Duration elapsed = Duration.between(firstStart, ctx.now());
              Duration delay = policy.delayBeforeRetry(attemptNo);
              if (!shouldRetry(policy, failure, attemptNo, elapsed, delay)) {
                result.fail(failure);
                return;
              }
              attemptNo++;
              ctx.createTimerTask(ctx.now().plus(delay)).onDone(this);
            });
      }
    }.run();
    return result;
  }

  private static boolean shouldRetry(
      RetryPolicy policy,
      RuntimeException failure,
      int attemptNo,
      Duration elapsed,
      Duration delay) {
    if (attemptNo >= policy.getMaxAttempts()) {
      return false;
    }
    if (policy.getRetryTimeout() != null
        && elapsed.plus(delay).compareTo(policy.getRetryTimeout()) > 0) {
      return false; // the next attempt would start after the retry timeout
    }
    if (policy.getHandler() == null) {
      return true;
    }
    FailureDetails details =
        failure instanceof BatonException be && be.details() != null
            ? be.details()
            : FailureDetails.from(failure);
    return policy.getHandler().shouldRetry(new RetryContext(details, attemptNo, elapsed));
  }
}
