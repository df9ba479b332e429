package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.EventSent;
import dev.baton.core.history.HistoryEvent.TimerCreated;
import dev.baton.core.history.HistoryEvent.TimerFired;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** External events as the replay engine sees them: buffering, waiters, timeouts, sending. */
class ExternalEventReplayTest {

  private static EventRaised raised(String name, String json, String id) {
    return new EventRaised(Histories.T0, name, json, id);
  }

  @Test
  void eventsRaisedBeforeTheWaitAreKeptAndTakenInOrder() {
    Orchestrator<List<Integer>> code =
        ctx -> {
          ctx.callActivity("slow", null, Void.class).await();
          List<Integer> got = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            got.add(ctx.waitForExternalEvent("number", Integer.class).await());
          }
          return got;
        };
    var run = new EpisodeDriver(code, null);
    run.next(raised("number", "1", "m1"), raised("other", "9", "m9"), raised("NUMBER", "2", "m2"));
    run.next(raised("number", "3", "m3"));
    assertEquals(RuntimeStatus.RUNNING, run.last().status(), "still waits for the activity");
    run.next(new HistoryEvent.TaskCompleted(run.now(), 0, "null"));
    assertEquals(RuntimeStatus.COMPLETED, run.last().status());
    assertEquals("[1,2,3]", run.last().output(), "arrival order, names case-insensitive");
    run.replayAndCompare();
  }

  @Test
  void severalWaitersOnOneNameAreServedInTheOrderTheyBegan() {
    Orchestrator<String> code =
        ctx -> {
          Task<String> first = ctx.waitForExternalEvent("go", String.class);
          Task<String> second = ctx.waitForExternalEvent("go", String.class);
          return second.await() + "," + first.await();
        };
    var run = new EpisodeDriver(code, null);
    run.next(raised("go", "\"a\"", "m1"));
    assertEquals(RuntimeStatus.RUNNING, run.last().status());
    run.next(raised("go", "\"b\"", "m2"));
    assertEquals("\"b,a\"", run.last().output());
    run.replayAndCompare();
  }

  @Test
  void aTimeoutFiresWhenNoEventArrivesAndFailsWithTimeout() {
    Orchestrator<String> code =
        ctx -> {
          try {
            return ctx.waitForExternalEvent("approval", Duration.ofHours(1), String.class).await();
          } catch (dev.baton.core.orchestration.TaskTimeoutException e) {
            return e.code()
                + ":"
                + e.getMessage().contains("'approval'")
                + ":"
                + e.taskName()
                + ":"
                + e.timeout();
          }
        };
    var run = new EpisodeDriver(code, null);
    TimerCreated timer = EpisodeDriver.of(run.last(), TimerCreated.class).getFirst();
    assertEquals(Histories.T0.plus(Duration.ofHours(1)), timer.fireAt());
    run.next(new TimerFired(run.now(), timer.taskId(), timer.fireAt()));
    assertEquals("\"TIMEOUT:true:approval:PT1H\"", run.last().output(), "a typed timeout");
    run.replayAndCompare();
  }

  @Test
  void anEventBeforeTheTimeoutWinsAndALateTimerChangesNothing() {
    Orchestrator<String> code =
        ctx -> {
          String first =
              ctx.waitForExternalEvent("approval", Duration.ofHours(1), String.class, "none")
                  .await();
          String second =
              ctx.waitForExternalEvent("approval", Duration.ofHours(1), String.class, "none")
                  .await();
          return first + "/" + second;
        };
    var run = new EpisodeDriver(code, null);
    run.next(raised("approval", "\"yes\"", "m1"));
    List<TimerCreated> timers = EpisodeDriver.of(run.last(), TimerCreated.class);
    assertEquals(1, timers.size(), "the second wait has its own timer");
    run.next(new TimerFired(run.now(), 0, Histories.T0.plus(Duration.ofHours(1))));
    assertEquals(RuntimeStatus.RUNNING, run.last().status(), "the first timer no longer matters");
    run.next(new TimerFired(run.now(), timers.getFirst().taskId(), timers.getFirst().fireAt()));
    assertEquals("\"yes/none\"", run.last().output(), "the default value after the timeout");
    run.replayAndCompare();
  }

  @Test
  void aZeroTimeoutTakesOnlyAnEventAlreadyKept() {
    Orchestrator<String> code =
        ctx -> {
          ctx.callActivity("a", null, Void.class).await();
          String kept = ctx.waitForExternalEvent("e", Duration.ZERO, String.class, "none").await();
          String missing =
              ctx.waitForExternalEvent("e", Duration.ZERO, String.class, "none").await();
          return kept + "/" + missing;
        };
    var run = new EpisodeDriver(code, null);
    run.next(raised("e", "\"here\"", "m1"), new HistoryEvent.TaskCompleted(run.now(), 0, "null"));
    assertEquals("\"here/none\"", run.last().output());
    assertTrue(EpisodeDriver.of(run.last(), TimerCreated.class).isEmpty(), "no timer needed");
  }

  @Test
  void sendEventIsARecordedActionCheckedOnReplay() {
    Orchestrator<String> code =
        ctx -> {
          ctx.sendEvent("other", "ping", 42);
          return ctx.callActivity("a", null, String.class).await();
        };
    var run = new EpisodeDriver(code, null);
    EventSent sent = EpisodeDriver.of(run.last(), EventSent.class).getFirst();
    assertEquals(0, sent.taskId());
    assertEquals("other", sent.instanceId());
    assertEquals("ping", sent.name());
    assertEquals("42", sent.input());
    run.next(new HistoryEvent.TaskCompleted(run.now(), 1, "\"done\""));
    run.replayAndCompare();

    Orchestrator<String> changed =
        ctx -> {
          ctx.sendEvent("other", "pong", 42);
          return ctx.callActivity("a", null, String.class).await();
        };
    var cold = new OrchestrationExecution("i1", changed, dev.baton.core.DataConverter.jackson());
    EpisodeResult r = cold.processAndWait(run.history(), List.of());
    assertEquals(RuntimeStatus.FAILED, r.status());
    assertTrue(r.failure().message().contains("EventSent #0 'ping'"), r.failure().message());
  }

  @Test
  void badArgumentsAreRefusedInTheCode() {
    Orchestrator<String> code =
        ctx -> {
          List<String> codes = new ArrayList<>();
          for (Runnable bad :
              List.<Runnable>of(
                  () -> ctx.waitForExternalEvent(" ", String.class),
                  () -> ctx.waitForExternalEvent("e", Duration.ofSeconds(-1), String.class),
                  () -> ctx.sendEvent(" a", "e", null),
                  () -> ctx.createTimer(Duration.ofMillis(-1)))) {
            try {
              bad.run();
              codes.add("accepted");
            } catch (dev.baton.core.BatonException e) {
              codes.add(e.code().name());
            }
          }
          return String.join(",", codes);
        };
    var run = new EpisodeDriver(code, null);
    assertEquals(
        "\"INVALID_ARGUMENT,INVALID_ARGUMENT,INVALID_INSTANCE_ID,INVALID_ARGUMENT\"",
        run.last().output());
  }
}
