package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static dev.baton.core.engine.InstanceManagementEngineTest.awaitStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Suspend, resume, terminate and continue-as-new under one chosen fault each: a commit that stored
 * its history and then stopped before its status row or its sends is finished when its message
 * comes back, however the partition sorts that message (a terminate of a finished instance, a
 * suspend already in history, a message for the execution that continued as new); a request applied
 * once is never applied again when its message is delivered again; and a client request whose
 * answer was lost succeeds, applied once, instead of failing and being refused on its retry. A
 * start whose message was never sent is refused on an immediate retry (its Pending row may be a
 * start on its way) and taken over by a user who keeps asking ({@link FaultWorkloads#startOne}).
 */
public abstract class ManagementFaultEngineTest extends EngineTestBase {

  private FaultBackend faults() {
    return new FaultBackend(fixture.backend(), 11);
  }

  /** A filter on status row updates whose new row has {@code status} and passes {@code more}. */
  private static Predicate<Object[]> rowOf(RuntimeStatus status, Predicate<InstanceRecord> more) {
    return args -> args[0] instanceof InstanceRecord r && r.status() == status && more.test(r);
  }

  /** Waits for an event called "go" for an hour, then returns it. */
  private DurableClient start(FaultBackend faults) {
    return fixture
        .start(
            b ->
                b.backend(faults)
                    .addOrchestrator(
                        "gate",
                        ctx ->
                            ctx.waitForExternalEvent("go", Duration.ofHours(1), String.class)
                                .await()))
        .client();
  }

  private String startGate(DurableClient client, String id) {
    await(client.scheduleNewOrchestration("gate", null, new StartOptions().setInstanceId(id)));
    await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    return id;
  }

  /** What is wrong with {@code id}'s status row against its history, read on the plain store. */
  private List<String> disagreement(String id) {
    TaskHubStore hub = fixture.hub();
    var row = await(hub.instances().get(id)).value();
    return Invariants.orchestrationProblems(row, await(hub.history().load(id)));
  }

  private static long count(DurableClient client, String id, Class<?> type) {
    return await(client.getInstanceHistory(id)).stream().filter(type::isInstance).count();
  }

  @Test
  void aTerminateWhoseRowWriteFailedWritesItWhenItComesBack() {
    var faults =
        faults()
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.ROW_UPDATE)
                    .when(rowOf(RuntimeStatus.TERMINATED, r -> true)));
    DurableClient client = start(faults);
    String id = startGate(client, "ended");
    await(client.terminate(id, "enough"));
    awaitStatus(client, id, RuntimeStatus.TERMINATED);
    assertEquals(1, faults.injected(StoreCall.ROW_UPDATE), faults.toString());
    assertEquals(1, count(client, id, HistoryEvent.ExecutionTerminated.class));
    assertEquals(List.of(), disagreement(id));
  }

  @Test
  void aSuspendOrResumeWhoseRowOrAnswerWasLostIsFinishedWhenItComesBack() {
    // the suspend's row write fails; the resume's append lands with its answer lost: each comes
    // back, finds itself in history, and must still write its row
    var faults =
        faults()
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.ROW_UPDATE)
                    .when(rowOf(RuntimeStatus.SUSPENDED, r -> true)))
            .add(
                Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.HISTORY_APPEND)
                    .when(
                        args ->
                            args[2] instanceof List<?> events
                                && events.stream()
                                    .anyMatch(HistoryEvent.ExecutionResumed.class::isInstance)));
    DurableClient client = start(faults);
    String id = startGate(client, "paused");
    await(client.suspend(id, "pause"));
    awaitStatus(client, id, RuntimeStatus.SUSPENDED);
    assertEquals(1, faults.injected(StoreCall.ROW_UPDATE), faults.toString());
    await(client.resume(id, "go on"));
    awaitStatus(client, id, RuntimeStatus.RUNNING);
    assertEquals(1, faults.injected(StoreCall.HISTORY_APPEND), faults.toString());
    await(client.raiseEvent(id, "go", "now"));
    assertEquals("now", complete(client, id).readOutput(String.class));
    assertEquals(1, count(client, id, HistoryEvent.ExecutionSuspended.class));
    assertEquals(1, count(client, id, HistoryEvent.ExecutionResumed.class));
    assertEquals(List.of(), disagreement(id));
  }

  @Test
  void aSuspendDeliveredAgainAfterTheResumeDoesNotSuspendAgain() {
    // the delete of the consumed suspend fails: it comes back after its visibility timeout,
    // once the instance has been resumed
    var suspendDeletes = new AtomicInteger();
    Predicate<Object[]> deletesSuspend =
        args ->
            args[0] instanceof Delivery<?> d
                && d.message() instanceof ControlMessage m
                && m.event() instanceof HistoryEvent.ExecutionSuspended;
    var faults =
        faults()
            // never fires: counts the suspend's deletes
            .add(
                Rule.random(0, Fault.DELAY, StoreCall.CONTROL_DELETE)
                    .when(
                        args -> deletesSuspend.test(args) && suspendDeletes.incrementAndGet() < 0))
            .add(Rule.first(1, Fault.FAIL, StoreCall.CONTROL_DELETE).when(deletesSuspend));
    DurableClient client = start(faults);
    String id = startGate(client, "resumed");
    await(client.suspend(id, "pause"));
    awaitStatus(client, id, RuntimeStatus.SUSPENDED);
    await(client.resume(id, "go on"));
    awaitStatus(client, id, RuntimeStatus.RUNNING);
    TestEntities.awaitTrue("the suspend came back and went", () -> suspendDeletes.get() >= 2);
    await(client.raiseEvent(id, "go", "now"));
    assertEquals("now", complete(client, id).readOutput(String.class));
    assertEquals(1, faults.injected(StoreCall.CONTROL_DELETE), faults.toString());
    assertEquals(1, count(client, id, HistoryEvent.ExecutionSuspended.class));
  }

  @Test
  void aContinueAsNewWhoseNextExecutionStoppedBeforeItsRowIsFinished() {
    // the first execution's ContinuedAsNew row fails, so its result comes back and starts the
    // next execution itself; that execution's first row fails too: the result, a message for
    // the execution before, comes back again and must finish the commit it started
    var faults =
        faults()
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.ROW_UPDATE)
                    .when(rowOf(RuntimeStatus.CONTINUED_AS_NEW, r -> true)))
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.ROW_UPDATE)
                    .when(rowOf(RuntimeStatus.RUNNING, r -> "1".equals(r.input()))));
    DurableClient client =
        fixture
            .start(
                b ->
                    b.backend(faults)
                        .addActivity("inc", ctx -> ctx.input(Integer.class) + 1)
                        .addOrchestrator(
                            "again",
                            ctx -> {
                              int n =
                                  ctx.callActivity("inc", ctx.input(Integer.class), Integer.class)
                                      .await();
                              if (n < 3) {
                                ctx.continueAsNew(n);
                                return null;
                              }
                              return n;
                            }))
            .client();
    String id =
        await(
            client.scheduleNewOrchestration("again", 0, new StartOptions().setInstanceId("cont")));
    assertEquals(3, complete(client, id).readOutput(Integer.class));
    assertEquals(2, faults.injected(StoreCall.ROW_UPDATE), faults.toString());
    assertEquals(1, count(client, id, HistoryEvent.TaskCompleted.class), "the last execution's");
    assertEquals(List.of(), disagreement(id));
  }

  @Test
  void requestsWhoseAnswerWasLostSucceedAndAreAppliedOnce() {
    var faults = faults();
    for (Class<?> type :
        List.of(
            HistoryEvent.EventRaised.class,
            HistoryEvent.ExecutionSuspended.class,
            HistoryEvent.ExecutionResumed.class,
            HistoryEvent.ExecutionTerminated.class)) {
      faults.add(
          Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.CONTROL_SEND)
              .when(FaultBackend.sends(type)));
    }
    DurableClient client = start(faults);
    String id = startGate(client, "managed");
    await(client.raiseEvent(id, "other", "once"));
    await(client.suspend(id, "pause"));
    awaitStatus(client, id, RuntimeStatus.SUSPENDED);
    await(client.resume(id, "go on"));
    awaitStatus(client, id, RuntimeStatus.RUNNING);
    await(client.terminate(id, "enough"));
    assertEquals(RuntimeStatus.TERMINATED, complete(client, id).status());
    assertEquals(4, faults.injected(StoreCall.CONTROL_SEND), faults.toString());
    assertEquals(1, count(client, id, HistoryEvent.EventRaised.class));
    assertEquals(1, count(client, id, HistoryEvent.ExecutionSuspended.class));
    assertEquals(1, count(client, id, HistoryEvent.ExecutionResumed.class));
    assertEquals(1, count(client, id, HistoryEvent.ExecutionTerminated.class));
    assertEquals(List.of(), disagreement(id));
  }

  @Test
  void aRewindSentAgainAfterItsAnswerWasLostDoesNotRewindTwice() {
    // the rewind's send lands with its answer lost; the client's copy is held until the rewound
    // instance has failed again, when it would rewind it a second time were it not recognised
    var rewindDeletes = new AtomicInteger();
    Predicate<Object[]> deletesRewind =
        args ->
            args[0] instanceof Delivery<?> d
                && d.message() instanceof ControlMessage m
                && m.event() instanceof HistoryEvent.ExecutionRewound;
    var faults =
        faults()
            .add(
                Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.ExecutionRewound.class)))
            .add(
                Rule.first(1, Fault.HOLD, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.ExecutionRewound.class)))
            // never fires: counts the rewinds' deletes
            .add(
                Rule.random(0, Fault.DELAY, StoreCall.CONTROL_DELETE)
                    .when(args -> deletesRewind.test(args) && rewindDeletes.incrementAndGet() < 0));
    var failures = new AtomicInteger(2);
    DurableClient client =
        fixture
            .start(
                b ->
                    b.backend(faults)
                        .addActivity(
                            "risky",
                            ctx -> {
                              if (failures.getAndDecrement() > 0) {
                                throw new IllegalStateException("not yet");
                              }
                              return "ok";
                            })
                        .addOrchestrator(
                            "fragile",
                            ctx -> ctx.callActivity("risky", null, String.class).await()))
            .client();
    String id =
        await(
            client.scheduleNewOrchestration(
                "fragile", null, new StartOptions().setInstanceId("rw")));
    assertEquals(RuntimeStatus.FAILED, complete(client, id).status());
    var rewind = client.rewind(id, "retry");
    TestEntities.awaitTrue("the client's copy is held", () -> faults.heldCalls() == 1);
    // the activity ran again after the rewind's row (Running) was written, so Failed is its end
    TestEntities.awaitTrue(
        "the rewound instance failed again",
        () ->
            failures.get() == 0 && await(client.getInstance(id)).status() == RuntimeStatus.FAILED);
    assertEquals(1, count(client, id, HistoryEvent.ExecutionRewound.class));
    await(faults.releaseHeld());
    await(rewind);
    TestEntities.awaitTrue("the copy came and went", () -> rewindDeletes.get() >= 2);
    assertEquals(RuntimeStatus.FAILED, await(client.getInstance(id)).status());
    assertEquals(1, count(client, id, HistoryEvent.ExecutionRewound.class));
    assertEquals(0, failures.get(), "the activity ran twice: before and after the one rewind");
    assertEquals(List.of(), disagreement(id));
  }

  /**
   * Deletes of consumed messages whose event is of {@code type}, counted by a rule that never
   * fires.
   */
  private static Rule countDeletes(Class<?> type, AtomicInteger count) {
    return Rule.random(0, Fault.DELAY, StoreCall.CONTROL_DELETE)
        .when(
            args ->
                args[0] instanceof Delivery<?> d
                    && d.message() instanceof ControlMessage m
                    && type.isInstance(m.event())
                    && count.incrementAndGet() < 0);
  }

  @Test
  void aTerminateSentAgainAfterARestartDoesNotTerminateTheNewExecution() {
    // the terminate lands with its answer lost; the client's copy is held until the instance has
    // been started again under the same id, then delivered
    lateCopyAfterRestart(
        HistoryEvent.ExecutionTerminated.class, (client, id) -> client.terminate(id, "enough"));
  }

  @Test
  void aSuspendSentAgainAfterARestartDoesNotSuspendTheNewExecution() {
    lateCopyAfterRestart(
        HistoryEvent.ExecutionSuspended.class,
        (client, id) -> {
          var suspend = client.suspend(id, "pause");
          awaitStatus(client, id, RuntimeStatus.SUSPENDED);
          await(client.terminate(id, "enough"));
          return suspend;
        });
  }

  private void lateCopyAfterRestart(
      Class<? extends HistoryEvent> type,
      java.util.function.BiFunction<DurableClient, String, io.vertx.core.Future<Void>> request) {
    var deletes = new AtomicInteger();
    var faults =
        faults()
            .add(
                Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(type)))
            .add(Rule.first(1, Fault.HOLD, StoreCall.CONTROL_SEND).when(FaultBackend.sends(type)))
            .add(countDeletes(type, deletes));
    DurableClient client = start(faults);
    String id = startGate(client, "again");
    var sent = request.apply(client, id);
    awaitStatus(client, id, RuntimeStatus.TERMINATED);
    TestEntities.awaitTrue("the client's copy is held", () -> faults.heldCalls() == 1);
    startGate(client, id);
    await(faults.releaseHeld());
    await(sent);
    TestEntities.awaitTrue("the copy came and went", () -> deletes.get() >= 2);
    await(client.raiseEvent(id, "go", "now"));
    var done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), "the new execution ran on");
    assertEquals("now", done.readOutput(String.class));
    assertEquals(0, count(client, id, type), "nothing of the request reached the new execution");
    assertEquals(List.of(), disagreement(id));
  }

  @Test
  void aStartWhoseMessageWasNeverSentIsStartedByAUsersRetryOnceItTakesTheRowOver() {
    var faults =
        faults()
            .add(
                Rule.first(6, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.ExecutionStarted.class)));
    DurableClient client =
        fixture
            .start(b -> b.backend(faults).addOrchestrator("echo", ctx -> ctx.input(String.class)))
            .client();
    var options = new StartOptions().setInstanceId("orphan-a");
    // the start wrote its Pending row, then every try of its message failed
    var first = (BatonException) failure(client.scheduleNewOrchestration("echo", "a", options));
    assertEquals(ErrorCode.STORE, first.code(), first.toString());
    assertTrue(StoreException.is(first.getCause(), StoreException.Reason.UNAVAILABLE));
    // asked again at once, the row is still as young as a start whose message is on its way
    var again = (BatonException) failure(client.scheduleNewOrchestration("echo", "a", options));
    assertEquals(ErrorCode.INSTANCE_EXISTS, again.code());

    // a user who keeps asking (as the fault suites and the benchmark report do) takes it over
    String id = FaultWorkloads.startOne(client, "echo", "b", "orphan-b");
    assertEquals(6, faults.injected(StoreCall.CONTROL_SEND), faults.toString());
    assertEquals("b", complete(client, id).readOutput(String.class));
    assertEquals(List.of(), disagreement(id));
  }
}
