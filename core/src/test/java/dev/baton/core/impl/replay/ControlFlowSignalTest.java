package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.DataConverter;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.orchestration.Orchestrator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Control-flow signals (non-determinism, continue-as-new, abort) decide how an execution ends even
 * when user code catches them with {@code catch (Throwable t)}.
 */
class ControlFlowSignalTest {

  private static final DataConverter JSON = DataConverter.jackson();

  private static OrchestrationExecution execution(Orchestrator<?> code) {
    return new OrchestrationExecution("i1", code, JSON);
  }

  @Test
  void aCaughtNonDeterminismStillFailsTheExecution() {
    var caught = new AtomicInteger();
    Orchestrator<String> swallowing =
        ctx -> {
          try {
            ctx.callActivity("refund", null, String.class).await();
          } catch (Throwable t) {
            caught.incrementAndGet();
            return "swallowed";
          }
          return "refunded";
        };
    Instant t1 = Histories.T0.plusSeconds(1);
    List<HistoryEvent> past =
        Histories.started("order", null).scheduled(0, "charge", "null").build();
    EpisodeResult r =
        execution(swallowing)
            .processAndWait(
                past, Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "\"ok\"")));
    assertEquals(1, caught.get(), "the code caught the signal");
    assertEquals(RuntimeStatus.FAILED, r.status());
    assertTrue(r.failure().message().startsWith("BATON-101"), r.failure().message());
    assertTrue(r.failure().message().contains("'charge'"), r.failure().message());
  }

  @Test
  void aNonDeterminismCaughtThenFollowedByMoreCallsRethrowsOnTheNextCall() {
    var rethrown = new AtomicReference<Throwable>();
    Orchestrator<String> persistent =
        ctx -> {
          try {
            ctx.callActivity("refund", null, String.class).await();
          } catch (Throwable t) {
            // carries on as if nothing happened
          }
          try {
            ctx.callActivity("other", null, String.class);
          } catch (Throwable t) {
            rethrown.set(t);
          }
          return "done";
        };
    List<HistoryEvent> past =
        Histories.started("order", null).scheduled(0, "charge", "null").build();
    Instant t1 = Histories.T0.plusSeconds(1);
    EpisodeResult r =
        execution(persistent)
            .processAndWait(
                past, Histories.batch(t1, new HistoryEvent.TaskCompleted(t1, 0, "\"ok\"")));
    assertInstanceOf(NonDeterminismSignal.class, rethrown.get());
    assertEquals(RuntimeStatus.FAILED, r.status());
    assertFalse(
        r.newEvents().stream().anyMatch(e -> e instanceof TaskScheduled),
        "no call after the divergence is recorded: " + r.newEvents());
  }

  @Test
  void aCaughtContinueAsNewStillContinuesTheExecution() {
    Orchestrator<String> swallowing =
        ctx -> {
          try {
            ctx.continueAsNew(5);
          } catch (Throwable t) {
            return "swallowed";
          }
          return "not reached";
        };
    EpisodeResult r =
        execution(swallowing).processAndWait(List.of(), Histories.started("loop", "1").build());
    assertEquals(RuntimeStatus.CONTINUED_AS_NEW, r.status());
    assertEquals("5", r.output());
  }

  @Test
  void anAbortedExecutionThatCatchesTheAbortProducesNoResult() throws Exception {
    var results = new LinkedBlockingQueue<EpisodeResult>();
    var thread = new AtomicReference<Thread>();
    var rethrown = new AtomicReference<Throwable>();
    Orchestrator<String> swallowing =
        ctx -> {
          thread.set(Thread.currentThread());
          try {
            ctx.callActivity("slow", null, String.class).await();
          } catch (Throwable t) {
            try {
              ctx.currentTime();
            } catch (Throwable again) {
              rethrown.set(again);
            }
            return "swallowed";
          }
          return "done";
        };
    var exec = execution(swallowing);
    exec.process(List.of(), Histories.started("slow", null).build(), results::add);
    EpisodeResult first = results.poll(10, TimeUnit.SECONDS);
    assertNotNull(first, "the first episode yielded");
    assertEquals(RuntimeStatus.RUNNING, first.status());
    exec.abort();
    thread.get().join(10_000);
    assertFalse(thread.get().isAlive(), "the code unwound");
    assertInstanceOf(ExecutionAbort.class, rethrown.get(), "every later call throws the abort");
    assertNull(results.poll(), "no result after the abort");
    assertTrue(exec.isFinished());
  }
}
