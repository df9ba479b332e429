package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.DataConverter;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityLockGranted;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationCompleted;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entity actions in orchestration histories: first run, replay, and changed code. */
class EntityCallsReplayTest {

  private static final DataConverter JSON = DataConverter.jackson();
  private static final EntityId A = EntityId.of("counter", "a");
  private static final EntityId B = EntityId.of("counter", "b");

  private static final Orchestrator<Long> SIGNAL_THEN_CALL =
      ctx -> {
        ctx.signalEntity(A, "add", 1);
        ctx.signalEntity(B, "add", 2);
        return ctx.callEntity(A, "get", null, Long.class).await();
      };

  private static List<HistoryEvent> start() {
    return Histories.started("o", null).build();
  }

  @Test
  void actionsAreNumberedPerTargetOnTheExecutionsChannel() {
    EpisodeResult r =
        new OrchestrationExecution("i1", SIGNAL_THEN_CALL, JSON).processAndWait(List.of(), start());
    List<HistoryEvent> actions = r.newEvents().subList(2, r.newEvents().size());
    var first = (EntityOperationRequested) actions.get(0);
    var second = (EntityOperationRequested) actions.get(1);
    var call = (EntityOperationRequested) actions.get(2);
    assertEquals(List.of(0, 1, 2), List.of(first.taskId(), second.taskId(), call.taskId()));
    assertEquals(List.of(1L, 1L, 2L), List.of(first.seq(), second.seq(), call.seq()));
    assertEquals("i1#exec-1", call.source());
    assertEquals("exec-1:2", call.requestId());
    assertTrue(first.signal());
    assertEquals(false, call.signal());
    assertEquals("i1", call.parentInstanceId());
    assertEquals("exec-1", call.parentExecutionId());
  }

  @Test
  void aReplayMatchesTheActionsAndDeliversTheResult() {
    var first = new OrchestrationExecution("i1", SIGNAL_THEN_CALL, JSON);
    List<HistoryEvent> history =
        new ArrayList<>(first.processAndWait(List.of(), start()).newEvents());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        new OrchestrationExecution("i1", SIGNAL_THEN_CALL, JSON)
            .processAndWait(
                history, Histories.batch(t1, new EntityOperationCompleted(t1, 2, "41")));
    assertEquals(RuntimeStatus.COMPLETED, r.status());
    assertEquals("41", r.output());
  }

  @Test
  void aChangedCallIsReportedWithTheEventAndBothCalls() {
    var first = new OrchestrationExecution("i1", SIGNAL_THEN_CALL, JSON);
    List<HistoryEvent> history = first.processAndWait(List.of(), start()).newEvents();
    Orchestrator<Long> changed =
        ctx -> {
          ctx.signalEntity(A, "add", 1);
          ctx.signalEntity(B, "subtract", 2);
          return 0L;
        };
    EpisodeResult r =
        new OrchestrationExecution("i1", changed, JSON)
            .processAndWait(history, Histories.batch(Histories.T0.plusSeconds(1)));
    assertEquals(RuntimeStatus.FAILED, r.status());
    String message = r.failure().message();
    assertTrue(message.startsWith("BATON-101"), message);
    assertTrue(
        message.contains("EntityOperationRequested #1 (signal 'add' on @counter@b)"), message);
    assertTrue(message.contains("(signal 'subtract' on @counter@b)"), message);
  }

  @Test
  void aCriticalSectionIsRequestedGrantedAndReleasedAsActions() {
    Orchestrator<Long> locked =
        ctx -> {
          try (EntityLock lock = ctx.lockEntities(B, A)) {
            return ctx.callEntity(B, "get", null, Long.class).await();
          }
        };
    var exec = new OrchestrationExecution("i1", locked, JSON);
    EpisodeResult asked = exec.processAndWait(List.of(), start());
    var request = assertInstanceOf(EntityLockRequested.class, asked.newEvents().getLast());
    assertEquals(List.of("@counter@a", "@counter@b"), request.lockSet());
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult granted =
        exec.processAndWait(
            List.of(),
            Histories.batch(
                t1, new EntityLockGranted(t1, 0, request.requestId(), request.lockSet())));
    var call = assertInstanceOf(EntityOperationRequested.class, granted.newEvents().getLast());
    assertEquals(1L, call.seq(), "first message on this execution's channel to b");
    EpisodeResult done =
        exec.processAndWait(
            List.of(), Histories.batch(t1, new EntityOperationCompleted(t1, 1, "9")));
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    var release =
        assertInstanceOf(
            EntityLockReleased.class, done.newEvents().get(done.newEvents().size() - 2));
    assertEquals(2, release.taskId());
    assertEquals(request.requestId(), release.lockRequestId());
  }

  @Test
  void aFailedEntityCallIsRetriedAfterADurableWaitAsANewNumberedRequest() {
    Orchestrator<Long> retried =
        ctx ->
            ctx.callEntity(
                    A,
                    "get",
                    null,
                    Long.class,
                    new TaskOptions()
                        .setRetryPolicy(
                            new RetryPolicy()
                                .setMaxAttempts(2)
                                .setFirstRetryInterval(Duration.ofSeconds(5))))
                .await();
    var run = new EpisodeDriver(retried, null);
    var first = EpisodeDriver.of(run.last(), EntityOperationRequested.class).getFirst();
    run.next(
        new HistoryEvent.EntityOperationFailed(
            run.now(), first.taskId(), new FailureDetails("x.Busy", "busy", "", null)));
    var timer = EpisodeDriver.of(run.last(), HistoryEvent.TimerCreated.class).getFirst();
    assertEquals(run.now().plusSeconds(5), timer.fireAt());
    run.next(new HistoryEvent.TimerFired(run.now(), timer.taskId(), timer.fireAt()));
    var second = EpisodeDriver.of(run.last(), EntityOperationRequested.class).getFirst();
    assertEquals("get", second.operation());
    assertEquals(2L, second.seq(), "the next message on the channel to a");
    run.next(new EntityOperationCompleted(run.now(), second.taskId(), "7"));
    assertEquals("7", run.last().output());
    run.replayAndCompare();
  }
}
