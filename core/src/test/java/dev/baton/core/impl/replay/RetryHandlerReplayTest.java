package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.TaskFailed;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.history.HistoryEvent.TimerCreated;
import dev.baton.core.history.HistoryEvent.TimerFired;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.RetryDecision;
import dev.baton.core.orchestration.RetryHandler;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.TaskOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retry handlers decide: what they are told (attempt, failure, context, the policy's delay), the
 * delays they choose as durable timers, and how a policy bounds them; on a cold replay too.
 */
class RetryHandlerReplayTest {

  private static final FailureDetails DOWN =
      new FailureDetails("java.io.IOException", "service down", "", null);

  private static Orchestrator<String> calling(TaskOptions options) {
    return ctx -> ctx.callActivity("flaky", null, String.class, options).await();
  }

  /** Fails attempt {@code taskId}; returns the timer the retry waits on. */
  private static TimerCreated failAndGetTimer(EpisodeDriver run, int taskId) {
    run.next(new TaskFailed(run.now(), taskId, DOWN));
    return EpisodeDriver.of(run.last(), TimerCreated.class).getFirst();
  }

  private static void fire(EpisodeDriver run, TimerCreated timer) {
    run.next(new TimerFired(run.now(), timer.taskId(), timer.fireAt()));
  }

  @Test
  void aStandaloneHandlerChoosesEachDelayAndWhenToStop() {
    List<String> asked = new ArrayList<>();
    RetryHandler handler =
        retry -> {
          asked.add(
              retry.attempt()
                  + " "
                  + retry.failure().message()
                  + " "
                  + retry.policyDelay()
                  + " "
                  + retry.orchestration().instanceId());
          return retry.attempt() < 3
              ? RetryDecision.retryAfter(Duration.ofSeconds(10L * retry.attempt()))
              : RetryDecision.stop();
        };
    var run = new EpisodeDriver(calling(new TaskOptions().setRetryHandler(handler)), null);
    TimerCreated first = failAndGetTimer(run, 0);
    assertEquals(run.now().plusSeconds(10), first.fireAt());
    fire(run, first);
    assertEquals(2, EpisodeDriver.of(run.last(), TaskScheduled.class).getFirst().taskId());
    TimerCreated second = failAndGetTimer(run, 2);
    assertEquals(run.now().plusSeconds(20), second.fireAt());
    fire(run, second);
    run.next(new TaskFailed(run.now(), 4, DOWN));
    assertEquals(RuntimeStatus.FAILED, run.last().status());
    assertTrue(run.last().failure().message().contains("service down"));
    assertEquals(
        List.of("1 service down null i1", "2 service down null i1", "3 service down null i1"),
        asked);
    run.replayAndCompare();
  }

  @Test
  void withAPolicyTheHandlerIsToldItsDelayMayReplaceItAndIsBoundedByItsAttempts() {
    List<String> asked = new ArrayList<>();
    var policy =
        new RetryPolicy()
            .setMaxAttempts(3)
            .setFirstRetryInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2);
    RetryHandler handler =
        retry -> {
          asked.add(retry.attempt() + "@" + retry.policyDelay());
          return retry.attempt() == 1
              ? RetryDecision.retry()
              : RetryDecision.retryAfter(Duration.ofMinutes(1));
        };
    var options = new TaskOptions().setRetryPolicy(policy).setRetryHandler(handler);
    var run = new EpisodeDriver(calling(options), null);
    TimerCreated first = failAndGetTimer(run, 0);
    assertEquals(run.now().plusSeconds(1), first.fireAt(), "the policy's delay");
    fire(run, first);
    TimerCreated second = failAndGetTimer(run, 2);
    assertEquals(run.now().plusSeconds(60), second.fireAt(), "the handler's delay");
    fire(run, second);
    run.next(new TaskFailed(run.now(), 4, DOWN));
    assertEquals(RuntimeStatus.FAILED, run.last().status(), "three attempts in all");
    assertEquals(List.of("1@PT1S", "2@PT2S"), asked, "not asked once the policy has given up");
    run.replayAndCompare();
  }

  @Test
  void aPolicysRetryTimeoutAlsoBoundsTheHandlersDelay() {
    var policy = new RetryPolicy().setMaxAttempts(10).setRetryTimeout(Duration.ofSeconds(30));
    var options =
        new TaskOptions()
            .setRetryPolicy(policy)
            .setRetryHandler(r -> RetryDecision.retryAfter(Duration.ofHours(1)));
    var run = new EpisodeDriver(calling(options), null);
    run.next(new TaskFailed(run.now(), 0, DOWN));
    assertEquals(RuntimeStatus.FAILED, run.last().status());
    assertEquals(List.of(), EpisodeDriver.of(run.last(), TimerCreated.class));
  }

  @Test
  void aZeroDelayRetriesAtOnceWithoutATimer() {
    var options =
        new TaskOptions()
            .setRetryHandler(
                r ->
                    r.attempt() == 1
                        ? RetryDecision.retryAfter(Duration.ZERO)
                        : RetryDecision.stop());
    var run = new EpisodeDriver(calling(options), null);
    run.next(new TaskFailed(run.now(), 0, DOWN));
    assertEquals(List.of(), EpisodeDriver.of(run.last(), TimerCreated.class));
    assertEquals(1, EpisodeDriver.of(run.last(), TaskScheduled.class).getFirst().taskId());
    run.next(new HistoryEvent.TaskCompleted(run.now(), 1, "\"second time lucky\""));
    assertEquals("\"second time lucky\"", run.last().output());
    run.replayAndCompare();
  }

  @Test
  void aHandlerThatReturnsNullThrowsOrAwaitsFailsTheCallWithAClearError() {
    Orchestrator<String> code =
        ctx -> {
          List<String> errors = new ArrayList<>();
          List<RetryHandler> handlers =
              List.of(
                  r -> null,
                  r -> {
                    throw new IllegalStateException("handler broke");
                  },
                  r -> {
                    r.orchestration().createTimer(Duration.ofSeconds(1)).await();
                    return RetryDecision.retry();
                  });
          for (RetryHandler h : handlers) {
            try {
              ctx.callActivity("flaky", null, String.class, new TaskOptions().setRetryHandler(h))
                  .await();
            } catch (RuntimeException e) {
              errors.add(
                  e.getMessage().substring(0, e.getMessage().indexOf(' '))
                      + "/"
                      + e.getSuppressed().length);
            }
          }
          return String.join(",", errors);
        };
    var run = new EpisodeDriver(code, null);
    run.next(new TaskFailed(run.now(), 0, DOWN));
    run.next(new TaskFailed(run.now(), 1, DOWN));
    run.next(new TaskFailed(run.now(), 2, DOWN));
    assertEquals(
        RuntimeStatus.COMPLETED, run.last().status(), String.valueOf(run.last().failure()));
    assertEquals(
        "\"BATON-112/1,handler/1,BATON-115/1\"",
        run.last().output(),
        "each error keeps the attempt's failure as suppressed");
    run.replayAndCompare();
  }
}
