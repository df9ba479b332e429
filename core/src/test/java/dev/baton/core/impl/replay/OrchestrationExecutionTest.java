package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.DataConverter;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrchestrationExecutionTest {

  private static final DataConverter JSON = DataConverter.jackson();

  private static final Orchestrator<List<String>> TWO_GREETINGS =
      ctx -> {
        String a = ctx.callActivity("hello", "Tokyo", String.class).await();
        String b = ctx.callActivity("hello", "London", String.class).await();
        return List.of(a, b);
      };

  private static OrchestrationExecution execution(Orchestrator<?> code) {
    return new OrchestrationExecution("i1", code, JSON);
  }

  private static List<HistoryEvent> startBatch() {
    return Histories.started("greetings", null).build();
  }

  @Test
  void firstEpisodeSchedulesTheFirstActivity() {
    EpisodeResult r = execution(TWO_GREETINGS).processAndWait(List.of(), startBatch());
    assertEquals(RuntimeStatus.RUNNING, r.status());
    TaskScheduled s = (TaskScheduled) r.newEvents().getLast();
    assertEquals(0, s.taskId());
    assertEquals("hello", s.name());
    assertEquals("\"Tokyo\"", s.input());
    assertEquals(3, r.newEvents().size(), "the two fresh events and the action");
  }

  @Test
  void cachedExecutionAppliesEventsWithoutRerunningCode() {
    var runs = new AtomicInteger();
    Orchestrator<List<String>> counted =
        ctx -> {
          runs.incrementAndGet();
          return TWO_GREETINGS.run(ctx);
        };
    var exec = execution(counted);
    exec.processAndWait(List.of(), startBatch());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult second =
        exec.processAndWait(
            List.of(),
            Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "\"Hello Tokyo!\"")));
    assertEquals(1, ((TaskScheduled) second.newEvents().getLast()).taskId());
    EpisodeResult third =
        exec.processAndWait(
            List.of(),
            Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 1, "\"Hello London!\"")));
    assertEquals(RuntimeStatus.COMPLETED, third.status());
    assertEquals("[\"Hello Tokyo!\",\"Hello London!\"]", third.output());
    assertEquals(1, runs.get(), "the code ran once across three episodes");
    assertTrue(exec.isFinished());
  }

  @Test
  void replayFromHistoryReachesTheSameResultAsTheCachedPath() {
    List<HistoryEvent> past =
        Histories.started("greetings", null)
            .scheduled(0, "hello", "\"Tokyo\"")
            .episode()
            .completed(0, "\"Hello Tokyo!\"")
            .scheduled(1, "hello", "\"London\"")
            .build();
    Instant t2 = Histories.T0.plusSeconds(2);
    EpisodeResult r =
        execution(TWO_GREETINGS)
            .processAndWait(
                past,
                Histories.batch(t2, new HistoryEvent.TaskCompleted(t2, 1, "\"Hello London!\"")));
    assertEquals(RuntimeStatus.COMPLETED, r.status());
    assertEquals("[\"Hello Tokyo!\",\"Hello London!\"]", r.output());
    assertEquals(3, r.newEvents().size(), "only new events: start, completion, end");
    assertInstanceOf(HistoryEvent.ExecutionCompleted.class, r.newEvents().getLast());
  }

  @Test
  void divergingCallFailsWithStableCodeNamingEventAndCalls() {
    List<HistoryEvent> past = Histories.started("pay", null).scheduled(0, "charge", null).build();
    Orchestrator<String> changed =
        ctx -> {
          try {
            return ctx.callActivity("refund", null, String.class).await();
          } catch (Exception swallowed) {
            return "swallowed";
          }
        };
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        execution(changed)
            .processAndWait(past, Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "1")));
    assertEquals(RuntimeStatus.FAILED, r.status());
    String message = r.failure().message();
    assertTrue(message.startsWith("BATON-101 "), message);
    assertTrue(message.contains("TaskScheduled #0 'charge'"), message);
    assertTrue(message.contains("'refund'"), message);
  }

  @Test
  void codeThatSkipsARecordedCallIsNonDeterministic() {
    List<HistoryEvent> past =
        Histories.started("pay", null)
            .scheduled(0, "charge", null)
            .scheduled(1, "ship", null)
            .build();
    Orchestrator<String> changed = ctx -> ctx.callActivity("charge", null, String.class).await();
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        execution(changed)
            .processAndWait(
                past, Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "\"ok\"")));
    assertEquals(RuntimeStatus.FAILED, r.status());
    assertTrue(r.failure().message().contains("TaskScheduled #1 'ship'"), r.failure().message());
  }

  @Test
  void activityFailureIsCatchableWithDetails() {
    Orchestrator<String> compensating =
        ctx -> {
          try {
            ctx.callActivity("charge", null, String.class).await();
            return "charged";
          } catch (TaskFailedException e) {
            return e.taskName() + ":" + e.details().type() + ":" + e.details().message();
          }
        };
    var exec = execution(compensating);
    exec.processAndWait(List.of(), startBatch());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        exec.processAndWait(
            List.of(),
            Histories.batch(
                t1,
                new HistoryEvent.TaskFailed(
                    t1,
                    0,
                    new dev.baton.core.FailureDetails(
                        "java.lang.IllegalStateException", "card declined", "at x", null))));
    assertEquals(RuntimeStatus.COMPLETED, r.status());
    assertEquals("\"charge:java.lang.IllegalStateException:card declined\"", r.output());
  }

  @Test
  void uncaughtActivityFailureFailsTheInstanceWithTheActivityDetailsAsCause() {
    var exec = execution(ctx -> ctx.callActivity("charge", null, String.class).await());
    exec.processAndWait(List.of(), startBatch());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        exec.processAndWait(
            List.of(),
            Histories.batch(
                t1,
                new HistoryEvent.TaskFailed(
                    t1,
                    0,
                    new dev.baton.core.FailureDetails("java.io.IOException", "down", "", null))));
    assertEquals(RuntimeStatus.FAILED, r.status());
    assertEquals(TaskFailedException.class.getName(), r.failure().type());
    assertNotNull(r.failure().cause());
    assertEquals("java.io.IOException", r.failure().cause().type());
    assertEquals("down", r.failure().cause().message());
  }

  @Test
  void allOfWaitsForEveryResultInOrder() {
    Orchestrator<List<Integer>> fan =
        ctx -> {
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            tasks.add(ctx.callActivity("square", i, Integer.class));
          }
          return ctx.allOf(tasks).await();
        };
    var exec = execution(fan);
    EpisodeResult first = exec.processAndWait(List.of(), startBatch());
    assertEquals(5, first.newEvents().size(), "three activities scheduled at once");
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult partial =
        exec.processAndWait(
            List.of(),
            Histories.batch(
                t1,
                new HistoryEvent.TaskCompleted(t1, 2, "4"),
                new HistoryEvent.TaskCompleted(t1, 0, "0")));
    assertEquals(RuntimeStatus.RUNNING, partial.status());
    EpisodeResult done =
        exec.processAndWait(
            List.of(), Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 1, "1")));
    assertEquals("[0,1,4]", done.output());
  }

  @Test
  void anyOfReturnsTheFirstTaskToFinish() {
    Orchestrator<String> race =
        ctx -> {
          Task<String> a = ctx.callActivity("a", null, String.class);
          Task<Void> timeout = ctx.createTimer(Duration.ofMinutes(5));
          Task<?> winner = ctx.anyOf(List.of(a, timeout)).await();
          return winner == a ? a.await() : "timed out";
        };
    var exec = execution(race);
    EpisodeResult first = exec.processAndWait(List.of(), startBatch());
    var timer = (HistoryEvent.TimerCreated) first.newEvents().getLast();
    assertEquals(Histories.T0.plus(Duration.ofMinutes(5)), timer.fireAt());
    Instant t1 = Histories.T0.plusSeconds(300);
    EpisodeResult r =
        exec.processAndWait(
            List.of(), Histories.batch(t1, new HistoryEvent.TimerFired(t1, 1, timer.fireAt())));
    assertEquals("\"timed out\"", r.output());
  }

  @Test
  void deterministicHelpersGiveTheSameValuesOnReplay() {
    List<String> seen = new ArrayList<>();
    Orchestrator<String> code =
        ctx -> {
          UUID id = ctx.newUuid();
          seen.add(id + "@" + ctx.currentTime() + ":" + ctx.isReplaying());
          ctx.callActivity("x", null, String.class).await();
          return id.toString();
        };
    EpisodeResult live = execution(code).processAndWait(List.of(), startBatch());
    List<HistoryEvent> past = new ArrayList<>(live.newEvents());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult replayed =
        execution(code)
            .processAndWait(
                past, Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "null")));
    assertEquals(2, seen.size());
    String firstRun = seen.get(0);
    String replayRun = seen.get(1);
    assertEquals(firstRun.replace(":false", ""), replayRun.replace(":true", ""));
    assertTrue(replayRun.endsWith(":true"), "the replayed run knows it is replaying");
    assertFalse(firstRun.endsWith(":true"));
    assertEquals(JSON.serialize(firstRun.substring(0, firstRun.indexOf('@'))), replayed.output());
  }

  @Test
  void retryPolicyWaitsOnDurableTimersBetweenAttempts() {
    var policy =
        new RetryPolicy()
            .setMaxAttempts(3)
            .setFirstRetryInterval(Duration.ofSeconds(10))
            .setBackoffCoefficient(2);
    Orchestrator<String> code =
        ctx ->
            ctx.callActivity("flaky", null, String.class, new TaskOptions().setRetryPolicy(policy))
                .await();
    var exec = execution(code);
    exec.processAndWait(List.of(), startBatch());
    Instant t1 = Histories.T0.plusSeconds(1);
    var failure = new dev.baton.core.FailureDetails("java.io.IOException", "flaky", "", null);
    EpisodeResult afterFirstFailure =
        exec.processAndWait(
            List.of(), Histories.batch(t1, new HistoryEvent.TaskFailed(t1, 0, failure)));
    var timer = (HistoryEvent.TimerCreated) afterFirstFailure.newEvents().getLast();
    assertEquals(t1.plusSeconds(10), timer.fireAt());
    Instant t2 = timer.fireAt();
    EpisodeResult secondAttempt =
        exec.processAndWait(List.of(), Histories.batch(t2, new HistoryEvent.TimerFired(t2, 1, t2)));
    assertEquals(2, ((TaskScheduled) secondAttempt.newEvents().getLast()).taskId());
    EpisodeResult afterSecondFailure =
        exec.processAndWait(
            List.of(), Histories.batch(t2, new HistoryEvent.TaskFailed(t2, 2, failure)));
    var timer2 = (HistoryEvent.TimerCreated) afterSecondFailure.newEvents().getLast();
    assertEquals(t2.plusSeconds(20), timer2.fireAt(), "backoff doubles the wait");
    Instant t3 = timer2.fireAt();
    exec.processAndWait(List.of(), Histories.batch(t3, new HistoryEvent.TimerFired(t3, 3, t3)));
    EpisodeResult last =
        exec.processAndWait(
            List.of(), Histories.batch(t3, new HistoryEvent.TaskFailed(t3, 4, failure)));
    assertEquals(RuntimeStatus.FAILED, last.status(), "three attempts, then the failure stands");
    assertEquals("java.io.IOException", last.failure().cause().type());
  }

  @Test
  void contextUsedFromAnotherThreadIsRefused() throws Exception {
    var leaked =
        new java.util.concurrent.atomic.AtomicReference<
            dev.baton.core.orchestration.OrchestrationContext>();
    var exec =
        execution(
            ctx -> {
              leaked.set(ctx);
              return ctx.callActivity("x", null, String.class).await();
            });
    exec.processAndWait(List.of(), startBatch());
    var error =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.baton.core.BatonException.class,
            () -> leaked.get().callActivity("y", null, String.class));
    assertEquals(dev.baton.core.ErrorCode.ILLEGAL_ORCHESTRATION_CALL, error.code());
    exec.abort();
  }

  @Test
  void resultOfTheWrongTypeFailsWithADeserializationError() {
    var exec = execution(ctx -> ctx.callActivity("n", null, Integer.class).await());
    exec.processAndWait(List.of(), startBatch());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        exec.processAndWait(
            List.of(), Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "\"abc\"")));
    assertEquals(RuntimeStatus.FAILED, r.status());
    assertTrue(r.failure().message().startsWith("BATON-107"), r.failure().message());
  }
}
