package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.RestartOptions;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskOptions;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One store call of a commit fails (or succeeds with its answer lost), and the instance still
 * reaches its end, each effect applied once: an episode's commit completes only when every effect
 * is stored, only then are its messages deleted, and anything that fails gives the batch back. Each
 * test cuts the one effect whose loss used to stall an instance or repeat work.
 */
public abstract class CommitFaultEngineTest extends EngineTestBase {

  /** A backend on {@code clock} (delays and visibility follow it), for timers of days. */
  protected abstract Backend newBackend(Vertx vertx, Clock clock);

  private FaultBackend faults(Backend inner) {
    return new FaultBackend(inner, 11);
  }

  /** A filter on history appends of {@code instanceId} that carry an event of {@code type}. */
  private static Predicate<Object[]> appendsTo(String instanceId, Class<?> type) {
    return args ->
        instanceId.equals(args[0])
            && args[2] instanceof List<?> events
            && events.stream().anyMatch(type::isInstance);
  }

  private static long count(List<HistoryEvent> history, Class<?> type) {
    return history.stream().filter(type::isInstance).count();
  }

  @Test
  void timersWhoseSendFailsAreSentAgainAndFire() {
    var faults =
        faults(fixture.backend())
            .add(
                Rule.first(3, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.TimerFired.class)));
    var attempts = new ConcurrentHashMap<String, Integer>();
    DurableClient client =
        fixture
            .start(
                b ->
                    b.backend(faults)
                        .addOrchestrator(
                            "sleeper",
                            ctx -> {
                              ctx.createTimer(Duration.ofMillis(50)).await();
                              return "woke";
                            })
                        .addOrchestrator(
                            "patient",
                            ctx ->
                                ctx.waitForExternalEvent(
                                        "never", Duration.ofMillis(50), String.class, "timed out")
                                    .await())
                        .addOrchestrator(
                            "retrier",
                            ctx ->
                                ctx.callActivity(
                                        "flaky",
                                        null,
                                        String.class,
                                        new TaskOptions()
                                            .setRetryPolicy(
                                                new RetryPolicy()
                                                    .setFirstRetryInterval(Duration.ofMillis(50))))
                                    .await())
                        .addActivity(
                            "flaky",
                            ctx -> {
                              if (attempts.merge(ctx.instanceId(), 1, Integer::sum) == 1) {
                                throw new IllegalStateException("first attempt fails");
                              }
                              return "retried";
                            }))
            .client();
    String sleeper = await(client.scheduleNewOrchestration("sleeper", null));
    String patient = await(client.scheduleNewOrchestration("patient", null));
    String retrier = await(client.scheduleNewOrchestration("retrier", null));
    assertEquals("woke", complete(client, sleeper).readOutput(String.class));
    assertEquals("timed out", complete(client, patient).readOutput(String.class));
    assertEquals("retried", complete(client, retrier).readOutput(String.class));
    assertEquals(3, faults.injected(StoreCall.CONTROL_SEND), faults.toString());
    for (String id : List.of(sleeper, patient, retrier)) {
      assertEquals(1, count(await(client.getInstanceHistory(id)), HistoryEvent.TimerFired.class));
    }
  }

  @Test
  void anEarlyTimersResendThatFailsIsSentAgain() {
    var clock = new MovableClock();
    var armed = new AtomicBoolean();
    var faults =
        faults(newBackend(fixture.vertx(), clock))
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(
                        args ->
                            armed.get()
                                && FaultBackend.sends(HistoryEvent.TimerFired.class).test(args)));
    DurableClient client =
        fixture
            .start(
                fixture.options().setClock(clock),
                b ->
                    b.backend(faults)
                        .addOrchestrator(
                            "week",
                            ctx -> {
                              ctx.createTimer(Duration.ofDays(7)).await();
                              return "a week later";
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("week", null));
    InstanceManagementEngineTest.awaitHistory(client, id, HistoryEvent.TimerCreated.class);
    armed.set(true);
    // a message carries six days at most: the first one arrives early and is sent again
    clock.advance(Duration.ofDays(6).plusMinutes(1));
    TestEntities.awaitTrue(
        "the early timer's re-send was tried", () -> faults.injected(StoreCall.CONTROL_SEND) == 1);
    clock.advance(Duration.ofDays(1));
    assertEquals("a week later", complete(client, id).readOutput(String.class));
  }

  @Test
  void aResultHandedBackByALocalEpisodeThatFailedFinishesItsCommit() {
    // the append lands but reports failure: the result comes back through the queue, finds
    // itself in the history, and must still write the Completed row
    var faults =
        faults(fixture.backend())
            .add(
                Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.HISTORY_APPEND)
                    .when(appendsTo("single", HistoryEvent.TaskCompleted.class)));
    DurableClient client =
        fixture
            .start(
                b ->
                    RecoveryEngineTest.chain(b.backend(faults))
                        .addOrchestrator(
                            "one_call", ctx -> ctx.callActivity("inc", 1, Integer.class).await()))
            .client();
    String id =
        await(
            client.scheduleNewOrchestration(
                "one_call", null, new StartOptions().setInstanceId("single")));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(2, done.readOutput(Integer.class));
    assertEquals(1, faults.injected(StoreCall.HISTORY_APPEND));
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    assertEquals(1, count(history, HistoryEvent.TaskCompleted.class), "applied once");
  }

  @Test
  void aResendAfterARedeliveryThatFailsIsTriedAgain() {
    // the append of the first result lands with its answer lost; the re-send of the next work
    // item then fails once: the redelivered result must not be deleted before it is sent
    var faults =
        faults(fixture.backend())
            .add(
                Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.HISTORY_APPEND)
                    .when(appendsTo("two-steps", HistoryEvent.TaskCompleted.class)))
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.WORK_SEND)
                    .when(
                        args ->
                            args[0] instanceof List<?> items
                                && items.stream()
                                    .anyMatch(
                                        i -> i instanceof ActivityWorkItem w && w.taskId() == 1)));
    DurableClient client =
        fixture
            .start(
                b ->
                    RecoveryEngineTest.chain(b.backend(faults))
                        .addOrchestrator(
                            "two_steps",
                            ctx -> {
                              int a = ctx.callActivity("inc", 1, Integer.class).await();
                              return ctx.callActivity("inc", a, Integer.class).await();
                            }))
            .client();
    String id =
        await(
            client.scheduleNewOrchestration(
                "two_steps", null, new StartOptions().setInstanceId("two-steps")));
    assertEquals(3, complete(client, id).readOutput(Integer.class));
    assertEquals(1, faults.injected(StoreCall.WORK_SEND), faults.toString());
    assertEquals(2, count(await(client.getInstanceHistory(id)), HistoryEvent.TaskCompleted.class));
  }

  @Test
  void aRedeliveredEventResendsOnlyWhatItsOwnEpisodeMadeNotTheWholeFanOut() throws Exception {
    int width = 20;
    var runs = new ConcurrentHashMap<Integer, Integer>();
    var running = new CountDownLatch(width);
    // the delete of the consumed event fails: it comes back after its visibility timeout while
    // the fan-out's activities still run
    var faults =
        faults(fixture.backend())
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.CONTROL_DELETE)
                    .when(
                        args ->
                            args[0] instanceof Delivery<?> d
                                && d.message() instanceof ControlMessage m
                                && m.event() instanceof HistoryEvent.EventRaised));
    DurableClient client =
        fixture
            .start(
                b ->
                    b.backend(faults)
                        .addOrchestrator(
                            "fan_then_go",
                            ctx -> {
                              List<Task<Integer>> calls = new ArrayList<>();
                              for (int i = 0; i < width; i++) {
                                calls.add(ctx.callActivity("slow", i, Integer.class));
                              }
                              ctx.waitForExternalEvent("go", String.class).await();
                              int sum = 0;
                              for (int r : ctx.allOf(calls).await()) {
                                sum += r;
                              }
                              return sum;
                            })
                        .addActivity(
                            "slow",
                            ctx -> {
                              int i = ctx.input(Integer.class);
                              runs.merge(i, 1, Integer::sum);
                              running.countDown();
                              // work that outlasts the event's redelivery (visibility 2 s)
                              Thread.sleep(fixture.options().getVisibilityTimeout().toMillis() * 3);
                              return i;
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("fan_then_go", null));
    assertTrue(running.await(30, TimeUnit.SECONDS), "the fan-out runs");
    await(client.raiseEvent(id, "go", "now"));
    assertEquals(width * (width - 1) / 2, complete(client, id).readOutput(Integer.class));
    assertEquals(1, faults.injected(StoreCall.CONTROL_DELETE), "the event came back once");
    Map<Integer, Integer> twice = new ConcurrentHashMap<>(runs);
    twice.values().removeIf(n -> n == 1);
    assertEquals(Map.of(), twice, "no activity of the fan-out ran again");
    assertEquals(width, runs.size());
  }

  @Test
  void theNoticeToAParentThatAChildIdIsBusyIsSentAgainWhenItsSendFails() {
    var faults =
        faults(fixture.backend())
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.SubOrchestrationFailed.class)));
    DurableClient client =
        fixture
            .start(
                b ->
                    SubOrchestrationEngineTest.family(
                            b.backend(faults), new java.util.concurrent.atomic.AtomicInteger())
                        .addOrchestrator(
                            "parent",
                            ctx -> {
                              try {
                                return ctx.callSubOrchestrator(
                                        "waiting_child",
                                        null,
                                        String.class,
                                        new dev.baton.core.orchestration.SubOrchestrationOptions()
                                            .setInstanceId("busy"))
                                    .await();
                              } catch (TaskFailedException e) {
                                return e.details().message().substring(0, 9);
                              }
                            }))
            .client();
    await(
        client.scheduleNewOrchestration(
            "waiting_child", null, new StartOptions().setInstanceId("busy")));
    await(client.waitForInstanceStart("busy", Duration.ofSeconds(30)));
    String parent = await(client.scheduleNewOrchestration("parent", null));
    assertEquals("BATON-104", complete(client, parent).readOutput(String.class));
    assertEquals(1, faults.injected(StoreCall.CONTROL_SEND));
    assertEquals(RuntimeStatus.RUNNING, await(client.getInstance("busy")).status());
  }

  @Test
  void aStartWhoseAnswerIsLostIsIdempotentOnItsRetry() {
    var faults =
        faults(fixture.backend())
            .add(Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.ROW_INSERT))
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.ExecutionStarted.class)));
    DurableClient client = fixture.start(b -> RecoveryEngineTest.chain(b.backend(faults))).client();
    String id =
        await(
            client.scheduleNewOrchestration(
                "chain", 1, new StartOptions().setInstanceId("started-once")));
    assertEquals("started-once", id);
    assertEquals(1 + 5 + 6, complete(client, id).readOutput(Integer.class));
    assertEquals(1, faults.injected(StoreCall.ROW_INSERT), "its row was inserted, answer lost");
    assertEquals(1, faults.injected(StoreCall.CONTROL_SEND), "its message failed once");
    assertEquals(
        1, count(await(client.getInstanceHistory(id)), HistoryEvent.ExecutionStarted.class));
  }

  @Test
  void aRestartWhoseRowWriteAnswerIsLostIsIdempotentOnItsRetry() {
    var faults =
        faults(fixture.backend())
            .add(
                Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.ROW_UPDATE)
                    .when(
                        args ->
                            args[0] instanceof dev.baton.core.spi.InstanceRecord r
                                && r.status() == RuntimeStatus.PENDING));
    DurableClient client = fixture.start(b -> RecoveryEngineTest.chain(b.backend(faults))).client();
    String id =
        await(
            client.scheduleNewOrchestration("chain", 1, new StartOptions().setInstanceId("again")));
    assertEquals(RuntimeStatus.COMPLETED, complete(client, id).status());
    assertEquals(
        id, await(client.restart(id, new RestartOptions().setRestartWithNewInstanceId(false))));
    assertEquals(1 + 5 + 6, complete(client, id).readOutput(Integer.class));
    assertEquals(1, faults.injected(StoreCall.ROW_UPDATE), "the restart's row landed, answer lost");
    assertEquals(
        1, count(await(client.getInstanceHistory(id)), HistoryEvent.ExecutionStarted.class));
  }
}
