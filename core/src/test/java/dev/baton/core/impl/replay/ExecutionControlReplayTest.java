package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationScheduled;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.orchestration.ContinueAsNewOptions;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import dev.baton.core.orchestration.TaskFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Continue-as-new, suspension and sub-orchestrations as the replay engine sees them. */
class ExecutionControlReplayTest {

  private static EventRaised raised(String name, String json, String id) {
    return new EventRaised(Histories.T0, name, json, id);
  }

  @Test
  void continueAsNewEndsTheCodeAndCarriesUnconsumedEventsInOrder() {
    Orchestrator<String> code =
        ctx -> {
          int n = ctx.input(Integer.class);
          int add = ctx.waitForExternalEvent("add", Integer.class).await();
          ctx.continueAsNew(n + add);
          return "never";
        };
    var run = new EpisodeDriver(code, "10");
    run.next(raised("add", "1", "m1"), raised("other", "\"x\"", "m2"), raised("add", "2", "m3"));
    EpisodeResult r = run.last();
    assertEquals(RuntimeStatus.CONTINUED_AS_NEW, r.status());
    assertEquals("11", r.output(), "the next execution's input");
    List<HistoryEvent> events = r.newEvents();
    int end = events.indexOf(EpisodeDriver.of(r, ExecutionCompleted.class).getFirst());
    assertEquals(
        List.of("m2", "m3"),
        events.subList(end + 1, events.size()).stream()
            .map(e -> ((EventRaised) e).messageId())
            .toList(),
        "the unconsumed events follow the end, in arrival order");
  }

  @Test
  void continueAsNewWithoutCarryingDropsUnconsumedEvents() {
    Orchestrator<String> code =
        ctx -> {
          ctx.waitForExternalEvent("add", Integer.class).await();
          ctx.continueAsNew(0, new ContinueAsNewOptions().setPreserveUnprocessedEvents(false));
          return "never";
        };
    var run = new EpisodeDriver(code, null);
    run.next(raised("add", "1", "m1"), raised("add", "2", "m2"));
    assertEquals(RuntimeStatus.CONTINUED_AS_NEW, run.last().status());
    assertTrue(run.last().newEvents().getLast() instanceof ExecutionCompleted);
  }

  @Test
  void continueAsNewCannotBeSwallowedByACatchOfExceptions() {
    Orchestrator<String> code =
        ctx -> {
          try {
            ctx.continueAsNew("next");
          } catch (Exception e) {
            return "swallowed";
          }
          return "returned";
        };
    var run = new EpisodeDriver(code, null);
    assertEquals(RuntimeStatus.CONTINUED_AS_NEW, run.last().status());
    assertEquals("\"next\"", run.last().output());
  }

  @Test
  void eventsArrivingWhileSuspendedAreAppliedInOrderAfterResume() {
    Orchestrator<String> code =
        ctx -> {
          String a = ctx.callActivity("a", null, String.class).await();
          String e = ctx.waitForExternalEvent("e", String.class).await();
          return a + e + ctx.currentTime().getEpochSecond() % 100;
        };
    var run = new EpisodeDriver(code, null);
    run.next(new HistoryEvent.ExecutionSuspended(run.now(), "\"pause\""));
    run.next(new HistoryEvent.TaskCompleted(run.now(), 0, "\"A\""), raised("e", "\"E\"", "m1"));
    assertEquals(RuntimeStatus.RUNNING, run.last().status(), "no progress while suspended");
    assertEquals(
        3, run.last().newEvents().size(), "the episode start and the kept events, no action");
    run.next(new HistoryEvent.ExecutionResumed(run.now(), null));
    assertEquals(RuntimeStatus.COMPLETED, run.last().status());
    long resumedAt = run.now().getEpochSecond() % 100;
    assertEquals("\"AE" + resumedAt + "\"", run.last().output(), "the time of the resume episode");
    run.replayAndCompare();
  }

  @Test
  void subOrchestrationGetsADerivedIdAndItsFailureCarriesTheChildDetails() {
    Orchestrator<String> code =
        ctx -> {
          String ok = ctx.callSubOrchestrator("child", 1, String.class).await();
          try {
            ctx.callSubOrchestrator(
                    "child",
                    2,
                    String.class,
                    new SubOrchestrationOptions().setInstanceId("chosen-id"))
                .await();
            return "no";
          } catch (TaskFailedException e) {
            return ok + ":" + e.taskName() + ":" + e.details().message();
          }
        };
    var run = new EpisodeDriver(code, null);
    var first = EpisodeDriver.of(run.last(), SubOrchestrationScheduled.class).getFirst();
    assertEquals("child", first.name());
    assertEquals("1", first.input());
    assertEquals(36, first.instanceId().length(), "a UUID derived from the parent");
    run.next(new HistoryEvent.SubOrchestrationCompleted(run.now(), 0, "\"fine\""));
    var second = EpisodeDriver.of(run.last(), SubOrchestrationScheduled.class).getFirst();
    assertEquals("chosen-id", second.instanceId());
    run.next(
        new HistoryEvent.SubOrchestrationFailed(
            run.now(),
            1,
            new FailureDetails("java.lang.IllegalStateException", "no stock", "", null)));
    assertEquals("\"fine:child:no stock\"", run.last().output());
    EpisodeResult replayed = run.replayAndCompare();
    assertEquals(RuntimeStatus.COMPLETED, replayed.status());
    var again = new EpisodeDriver(code, null);
    assertEquals(
        first.instanceId(),
        EpisodeDriver.of(again.last(), SubOrchestrationScheduled.class).getFirst().instanceId(),
        "the same id on every run");
  }

  @Test
  void subOrchestrationRetriesStartTheChildAgainAfterADurableWait() {
    var policy = new RetryPolicy().setMaxAttempts(2).setFirstRetryInterval(Duration.ofMinutes(1));
    Orchestrator<String> code =
        ctx ->
            ctx.callSubOrchestrator(
                    "child",
                    null,
                    String.class,
                    new SubOrchestrationOptions().setInstanceId("kid").setRetryPolicy(policy))
                .await();
    var run = new EpisodeDriver(code, null);
    run.next(
        new HistoryEvent.SubOrchestrationFailed(
            run.now(), 0, new FailureDetails("java.io.IOException", "flaky", "", null)));
    var timer = EpisodeDriver.of(run.last(), HistoryEvent.TimerCreated.class).getFirst();
    run.next(new HistoryEvent.TimerFired(run.now(), timer.taskId(), timer.fireAt()));
    var retry = EpisodeDriver.of(run.last(), SubOrchestrationScheduled.class).getFirst();
    assertEquals("kid", retry.instanceId(), "the chosen id again");
    assertEquals(2, retry.taskId());
    run.next(new HistoryEvent.SubOrchestrationCompleted(run.now(), 2, "\"ok\""));
    assertEquals("\"ok\"", run.last().output());
    run.replayAndCompare();
    assertTrue(EpisodeDriver.of(run.last(), TaskScheduled.class).isEmpty());
  }
}
