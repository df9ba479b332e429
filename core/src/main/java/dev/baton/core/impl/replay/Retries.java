package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.orchestration.RetryDecision;
import dev.baton.core.orchestration.RetryHandler;
import dev.baton.core.orchestration.RetryHandler.RetryContext;
import dev.baton.core.orchestration.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Retries of a durable call by a {@link RetryPolicy}, a {@link RetryHandler}, or both: after a
 * failed attempt, a durable timer waits the chosen delay and the call is made again, as new actions
 * in history, so a retry survives a restart and replays identically. The policy's limits (attempts,
 * retry timeout) come first; the handler decides within them and may replace the delay.
 */
final class Retries {

  private Retries() {}

  /** A task that makes attempts with {@code attempt} until one succeeds or retrying stops. */
  static <T> TaskImpl<T> retrying(
      ExecutionContext ctx,
      Supplier<TaskImpl<T>> attempt,
      RetryPolicy policy,
      RetryHandler handler) {
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
              Duration delay;
              try {
                delay = nextDelay(ctx, policy, handler, failure, attemptNo, elapsed);
              } catch (RuntimeException handlerFailed) {
                handlerFailed.addSuppressed(failure);
                result.fail(handlerFailed);
                return;
              }
              if (delay == null) {
                result.fail(failure);
                return;
              }
              attemptNo++;
              if (delay.isZero()) {
                run();
              } else {
                ctx.createTimerTask(ctx.now().plus(delay)).onDone(this);
              }
            });
      }
    }.run();
    return result;
  }

  /** The wait before the next attempt, or {@code null} to stop. */
  private static Duration nextDelay(
      ExecutionContext ctx,
      RetryPolicy policy,
      RetryHandler handler,
      RuntimeException failure,
      int attemptNo,
      Duration elapsed) {
    Duration policyDelay = null;
    if (policy != null) {
      if (attemptNo >= policy.getMaxAttempts()) {
        return null;
      }
      policyDelay = policy.delayBeforeRetry(attemptNo);
    }
    Duration delay = policyDelay == null ? Duration.ZERO : policyDelay;
    if (handler != null) {
      FailureDetails details =
          failure instanceof BatonException be && be.details() != null
              ? be.details()
              : FailureDetails.from(failure);
      var retry = new RetryContext(ctx, details, attemptNo, elapsed, policyDelay);
      RetryDecision decision = ctx.inContinuation(() -> handler.decide(retry));
      if (decision == null) {
        throw new BatonException(
            ErrorCode.INVALID_ARGUMENT,
            "a retry handler returned null after attempt "
                + attemptNo
                + "; return RetryDecision.stop(), retry() or retryAfter(delay)");
      }
      if (!decision.shouldRetry()) {
        return null;
      }
      if (decision.delay() != null) {
        delay = decision.delay();
      }
    }
    if (policy != null
        && policy.getRetryTimeout() != null
        && elapsed.plus(delay).compareTo(policy.getRetryTimeout()) > 0) {
      return null; // the next attempt would start after the retry timeout
    }
    return delay;
  }
}
