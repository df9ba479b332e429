package dev.baton.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.engine.FaultBackend;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.engine.FaultPlan;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault-injecting wrapper does what its rules say, and nothing else. */
class FaultBackendTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final Vertx vertx = Vertx.vertx();
  private final MemoryBackend memory = MemoryBackend.create();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static StoreException failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return assertInstanceOf(StoreException.class, e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the call to fail");
  }

  private static ControlMessage message(String id) {
    return new ControlMessage(id, null, new OrchestratorStarted(T));
  }

  @Test
  void aFailedCallDoesNotHappenAndALostResponseDoes() throws Exception {
    var faults =
        new FaultBackend(memory, 1)
            .add(Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND))
            .add(Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.CONTROL_SEND));
    TaskHubStore hub = await(faults.open(vertx, "faults", 1));
    TaskHubStore plain = await(memory.open(vertx, "faults", 1));

    var failed = failure(hub.controlQueue(0).send(List.of(message("a")), Duration.ZERO));
    assertEquals(StoreException.Reason.UNAVAILABLE, failed.reason());
    assertEquals(
        0L, await(plain.controlQueue(0).approximateCount()), "a failed send sends nothing");

    failure(hub.controlQueue(0).send(List.of(message("b")), Duration.ZERO));
    var got = await(plain.controlQueue(0).receive(10, Duration.ofSeconds(30)));
    assertEquals(List.of("b"), got.stream().map(d -> d.message().instanceId()).toList());

    await(hub.controlQueue(0).send(List.of(message("c")), Duration.ZERO)); // rules spent
    assertEquals(2L, faults.injected(StoreCall.CONTROL_SEND));
    assertEquals(3L, faults.calls(StoreCall.CONTROL_SEND));
  }

  @Test
  void aRuleNarrowedByArgumentsPicksOnlyMatchingCalls() throws Exception {
    var faults =
        new FaultBackend(memory, 1)
            .add(
                Rule.random(1, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.TimerFired.class)));
    TaskHubStore hub = await(faults.open(vertx, "narrow", 1));
    await(hub.controlQueue(0).send(List.of(message("a")), Duration.ZERO));
    var timer = new ControlMessage("t", "e", new HistoryEvent.TimerFired(T, 0, T));
    failure(hub.controlQueue(0).send(List.of(timer), Duration.ZERO));
    failure(hub.controlQueue(0).send(List.of(timer), Duration.ZERO));
    assertEquals(2L, faults.injected(StoreCall.CONTROL_SEND));
  }

  @Test
  void theSameSeedInjectsTheSameFaultsAndHealStopsThem() throws Exception {
    List<List<Boolean>> runs = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      var faults =
          new FaultBackend(MemoryBackend.create(), run < 2 ? 7 : 8)
              .add(Rule.random(0.5, Fault.FAIL, StoreCall.HISTORY_LOAD));
      TaskHubStore hub = await(faults.open(vertx, "seeded", 1));
      List<Boolean> outcomes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        outcomes.add(
            hub.history()
                .load("x")
                .toCompletionStage()
                .toCompletableFuture()
                .isCompletedExceptionally());
      }
      runs.add(outcomes);
      faults.heal();
      for (int i = 0; i < 20; i++) {
        await(hub.history().load("x"));
      }
    }
    assertEquals(runs.get(0), runs.get(1), "one seed, one sequence of faults");
    assertNotEquals(runs.get(0), runs.get(2), "another seed, other faults");
    assertTrue(runs.get(0).contains(true) && runs.get(0).contains(false));
  }

  @Test
  void aDelayedCallStillHappens() throws Exception {
    var faults =
        new FaultBackend(memory, 3)
            .add(Rule.random(1, Fault.DELAY, StoreCall.ROW_GET).maxDelay(Duration.ofMillis(20)));
    TaskHubStore hub = await(faults.open(vertx, "delay", 1));
    assertEquals(null, await(hub.instances().get("nobody")));
    assertEquals(1L, faults.injected(StoreCall.ROW_GET));
  }

  @Test
  void badRulesAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Rule.random(1.5, Fault.FAIL, StoreCall.ROW_GET));
    assertThrows(
        IllegalArgumentException.class, () -> Rule.first(0, Fault.FAIL, StoreCall.ROW_GET));
    assertThrows(IllegalArgumentException.class, () -> Rule.random(0.1, Fault.FAIL));
    var faults = new FaultBackend(memory, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> FaultPlan.rules(faults, -0.1, 0, 0, FaultPlan.KNOWN_BUGS));
    assertThrows(
        IllegalArgumentException.class,
        () -> FaultPlan.rules(faults, 0, 2, 0, FaultPlan.KNOWN_BUGS));
  }

  @Test
  void theStandardPlanFaultsEveryKindOfCallButTheExcludedOnes() throws Exception {
    var faults =
        FaultPlan.rules(
            new FaultBackend(memory, 5),
            0.5,
            0,
            0,
            List.of(
                new FaultPlan.Exclusion(
                    "test", "spared", Fault.FAIL, StoreCall.ROW_GET, args -> true)));
    TaskHubStore hub = await(faults.open(vertx, "plan", 1));
    for (int i = 0; i < 40; i++) {
      hub.history().load("x");
      hub.instances().get("x");
    }
    assertTrue(faults.injected(StoreCall.HISTORY_LOAD) > 5, faults.toString());
    assertEquals(0L, faults.injected(StoreCall.ROW_GET), "the excluded call is spared");
    assertEquals(40L, faults.calls(StoreCall.ROW_GET));
  }
}
