package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.Task;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An engine killed between two effects of a commit: its process stops at a chosen store call
 * ({@link FreezableBackend#freezeAt}: nothing closed, nothing flushed, no later call answers), a
 * new engine starts on the same task hub, and every guarantee is checked as after faults ({@link
 * Invariants}). The commit cut is the first episode of an orchestration that calls two activities,
 * a sub-orchestration and a timer at once: its history append, status row, sends, and the delete of
 * the start message it consumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CrashPointEngineTest extends EngineTestBase {

  /** The crash points to try; a binding on a slow store may try fewer. */
  protected List<CrashPoint> crashPoints() {
    return List.of(CrashPoint.values());
  }

  /** Where the first engine dies, in the order of a commit's effects. */
  public enum CrashPoint {
    /** At the history append: nothing of the commit is stored. */
    BEFORE_APPEND,
    /** At the status row: the history is appended. */
    AFTER_APPEND,
    /** At the first send: history and row are stored. */
    AFTER_ROW,
    /** At the second send. */
    AFTER_FIRST_SEND,
    /** At the third send. */
    AFTER_SECOND_SEND,
    /** At the delete of the consumed start message: every other effect is stored. */
    BEFORE_DELETE,
    /** In the child's last commit, at its notice to the parent: the child's end is stored. */
    AT_NOTICE_TO_PARENT,
    /** In the last commit, at the status row: the end is in the history, not in the row. */
    AT_FINAL_ROW
  }

  /** The orchestration whose first commit is cut: 2 + 3 from the activities, 14 from the child. */
  static Baton.Builder workload(Baton.Builder b) {
    return FaultWorkloads.register(b)
        .addOrchestrator(
            "crash",
            ctx -> {
              Task<Integer> a = ctx.callActivity("inc", 1, Integer.class);
              Task<Integer> b2 = ctx.callActivity("inc", 2, Integer.class);
              Task<Integer> child = ctx.callSubOrchestrator("chain", 10, Integer.class);
              Task<Void> timer = ctx.createTimer(Duration.ofMillis(200));
              int sum = a.await() + b2.await() + child.await();
              timer.await();
              return sum;
            });
  }

  @ParameterizedTest
  @MethodSource("crashPoints")
  void aNewEngineFinishesWhatAnEngineKilledMidCommitLeft(CrashPoint point) {
    String id = "crash-" + point.name().toLowerCase();
    var store = new FaultBackend(fixture.backend(), 0); // no rules: counts the parked messages
    var dying = new FreezableBackend(store);
    dying.freezeAt(trigger(point, id));
    try {
      Baton first = fixture.start(b -> workload(b.backend(dying)));
      TaskHubStore hub = fixture.hub();
      var invariants = new Invariants(hub);
      for (int i = 0; i < 3; i++) {
        String chain = "alongside-" + i;
        await(
            first
                .client()
                .scheduleNewOrchestration("chain", i, new StartOptions().setInstanceId(chain)));
        invariants.expect(chain, RuntimeStatus.COMPLETED, String.valueOf(i + 4));
      }
      await(
          first
              .client()
              .scheduleNewOrchestration("crash", null, new StartOptions().setInstanceId(id)));
      invariants.expect(id, RuntimeStatus.COMPLETED, "19");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!dying.isFrozen() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
      assertTrue(dying.isFrozen(), "the engine reached " + point);
      assertCutAt(point, hub, id);

      Baton second = fixture.start(b -> workload(b.backend(store)));
      deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
      while (!invariants.allFinished() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      invariants.assertHold(
          second.client(), store::parkedControl, store::parkedWork, Duration.ofSeconds(20));
    } finally {
      dying.kill(); // lets the dead engine's close finish at once
    }
  }

  /** Checks that what the commit stored before the engine died is what {@code point} says. */
  private static void assertCutAt(CrashPoint point, TaskHubStore hub, String id) {
    var history = await(hub.history().load(id)).events();
    var row = await(hub.instances().get(id)).value();
    switch (point) {
      case BEFORE_APPEND -> assertTrue(history.isEmpty(), "nothing appended: " + history);
      case AFTER_APPEND ->
          assertTrue(
              !history.isEmpty() && row.status() == RuntimeStatus.PENDING,
              "appended, row still " + row.status());
      case AT_FINAL_ROW ->
          assertTrue(
              history.getLast() instanceof HistoryEvent.ExecutionCompleted
                  && row.status() == RuntimeStatus.RUNNING,
              "the end appended, row still " + row.status());
      case AT_NOTICE_TO_PARENT ->
          assertTrue(
              history.stream().noneMatch(e -> e instanceof HistoryEvent.SubOrchestrationCompleted),
              "the parent has not heard of its child");
      default ->
          assertTrue(
              row.status() == RuntimeStatus.RUNNING && !history.isEmpty(),
              "appended and row written, row " + row.status());
    }
  }

  /** The store call of a commit of {@code id} at which the engine dies. */
  private static BiPredicate<Method, Object[]> trigger(CrashPoint point, String id) {
    AtomicInteger sends = new AtomicInteger();
    int nthSend =
        switch (point) {
          case AFTER_ROW -> 1;
          case AFTER_FIRST_SEND -> 2;
          case AFTER_SECOND_SEND -> 3;
          default -> 0;
        };
    return (method, args) ->
        switch (point) {
          case BEFORE_APPEND -> method.getName().equals("append") && id.equals(args[0]);
          case AFTER_APPEND ->
              method.getName().equals("update")
                  && args[0] instanceof InstanceRecord r
                  && r.instanceId().equals(id);
          case AT_FINAL_ROW ->
              method.getName().equals("update")
                  && args[0] instanceof InstanceRecord r
                  && r.instanceId().equals(id)
                  && r.status() == RuntimeStatus.COMPLETED;
          case AT_NOTICE_TO_PARENT ->
              method.getName().equals("send")
                  && args[0] instanceof List<?> l
                  && l.stream()
                      .anyMatch(
                          m ->
                              m instanceof ControlMessage c
                                  && c.instanceId().equals(id)
                                  && c.event() instanceof HistoryEvent.SubOrchestrationCompleted);
          case BEFORE_DELETE ->
              method.getName().equals("delete")
                  && args[0] instanceof Delivery<?> d
                  && d.message() instanceof ControlMessage c
                  && c.instanceId().equals(id);
          default ->
              method.getName().equals("send")
                  && sentFor(args[0], id)
                  && sends.incrementAndGet() == nthSend;
        };
  }

  /** Whether a send carries an effect of {@code id}'s commit (not the client's start of it). */
  private static boolean sentFor(Object messages, String id) {
    List<Object> all = messages instanceof List<?> l ? new ArrayList<>(l) : List.of();
    return all.stream()
        .anyMatch(
            m ->
                switch (m) {
                  case ActivityWorkItem w -> w.instanceId().equals(id);
                  case ControlMessage c when c.event() instanceof HistoryEvent.ExecutionStarted s ->
                      id.equals(s.parentInstanceId());
                  case ControlMessage c -> c.instanceId().equals(id);
                  default -> false;
                });
  }
}
