package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.RestartOptions;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Managing instances end to end: continue-as-new (with carried events), suspend and resume,
 * restart, rewind, and the errors for each request an instance's state does not allow.
 */
public abstract class InstanceManagementEngineTest extends EngineTestBase {

  static Baton.Builder orchestrators(Baton.Builder b, AtomicInteger failures) {
    return b.addOrchestrator(
            "count_to",
            ctx -> {
              int[] state = ctx.input(int[].class);
              if (state[0] >= state[1]) {
                return state[0];
              }
              ctx.callActivity("noop", null, Void.class).await();
              ctx.continueAsNew(new int[] {state[0] + 1, state[1]});
              return -1;
            })
        .addActivity("noop", ctx -> null)
        .addOrchestrator(
            "adder",
            ctx -> {
              int sum = ctx.input(Integer.class);
              String next = ctx.waitForExternalEvent("add", String.class).await();
              if (next.equals("stop")) {
                return sum;
              }
              ctx.continueAsNew(sum + Integer.parseInt(next));
              return -1;
            })
        .addOrchestrator(
            "collector",
            ctx -> {
              List<String> seen = new ArrayList<>(List.of(ctx.input(String[].class)));
              String next = ctx.waitForExternalEvent("add", String.class).await();
              if (next.equals("stop")) {
                return seen;
              }
              seen.add(next);
              ctx.continueAsNew(seen);
              return null;
            })
        .addOrchestrator(
            "gated",
            ctx -> {
              String a = ctx.waitForExternalEvent("a", String.class).await();
              String b2 = ctx.callActivity("echo", a, String.class).await();
              return b2 + "@" + ctx.input(String.class);
            })
        .addActivity("echo", ctx -> ctx.input(String.class))
        .addOrchestrator("echo_input", ctx -> ctx.input(String.class))
        .addOrchestrator(
            "fragile",
            ctx -> {
              String before = ctx.callActivity("echo", "before", String.class).await();
              String risky = ctx.callActivity("risky", null, String.class).await();
              String event = ctx.waitForExternalEvent("late", String.class).await();
              return before + "," + risky + "," + event;
            })
        .addActivity(
            "risky",
            ctx -> {
              if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("not yet");
              }
              return "risky-ok";
            })
        .addOrchestrator(
            "fragile_parent",
            ctx ->
                "parent(" + ctx.callSubOrchestrator("fragile", null, String.class).await() + ")");
  }

  private DurableClient start(AtomicInteger failures) {
    return fixture.start(b -> orchestrators(b, failures)).client();
  }

  @Test
  void continueAsNewRestartsWithNewInputAndKeepsOnlyTheLastExecutionsHistory() {
    DurableClient client = start(new AtomicInteger());
    String id =
        await(
            client.scheduleNewOrchestration(
                "count_to", new int[] {0, 20}, new StartOptions().setInstanceId("counter")));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(20, done.readOutput(Integer.class));
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    assertEquals(
        1, history.stream().filter(e -> e instanceof HistoryEvent.ExecutionStarted).count());
    assertTrue(history.size() < 8, "a bounded history: " + history);
  }

  @Test
  void eventsNotYetConsumedAreCarriedIntoTheNextExecutionInOrder() {
    DurableClient client = start(new AtomicInteger());
    String id =
        await(
            client.scheduleNewOrchestration("adder", 0, new StartOptions().setInstanceId("adder")));
    for (int i = 1; i <= 30; i++) {
      await(client.raiseEvent(id, "add", String.valueOf(i)));
    }
    await(client.raiseEvent(id, "add", "stop"));
    InstanceMetadata done = complete(client, id);
    assertEquals(465, done.readOutput(Integer.class), "every event counted once");

    String collector =
        await(
            client.scheduleNewOrchestration(
                "collector", new String[0], new StartOptions().setInstanceId("collector")));
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      sent.add("e" + i);
      await(client.raiseEvent(collector, "add", "e" + i));
    }
    await(client.raiseEvent(collector, "add", "stop"));
    assertEquals(
        sent,
        List.of(complete(client, collector).readOutput(String[].class)),
        "each execution took the oldest event; the rest crossed the continue-as-new in order");
  }

  @Test
  void waitingForAStartThatDoesNotComeTimesOutAndLeavesTheInstancePending() {
    DurableClient client = start(new AtomicInteger());
    Instant later = Instant.now().plusSeconds(3);
    String id =
        await(
            client.scheduleNewOrchestration(
                "echo_input",
                "x",
                new StartOptions().setInstanceId("starts-later").setScheduledStartTime(later)));
    var timedOut =
        (BatonException) failure(client.waitForInstanceStart(id, Duration.ofMillis(200)));
    assertEquals(ErrorCode.TIMEOUT, timedOut.code());
    assertTrue(
        timedOut.getMessage().contains("did not start within PT0.2S; it is Pending"),
        timedOut.getMessage());
    var atOnce = (BatonException) failure(client.waitForInstanceStart(id, Duration.ZERO));
    assertEquals(ErrorCode.TIMEOUT, atOnce.code(), "a zero timeout answers from one read");
    assertEquals(RuntimeStatus.PENDING, await(client.getInstance(id)).status());

    var unknown =
        (BatonException) failure(client.waitForInstanceStart("no-such", Duration.ofSeconds(1)));
    assertEquals(ErrorCode.INSTANCE_NOT_FOUND, unknown.code());
    var negative =
        (BatonException) failure(client.waitForInstanceStart(id, Duration.ofSeconds(-1)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, negative.code());

    InstanceMetadata started = await(client.waitForInstanceStart(id, Duration.ofSeconds(60)));
    assertNotEquals(RuntimeStatus.PENDING, started.status());
    assertEquals("x", complete(client, id).readOutput(String.class));
    assertTrue(!complete(client, id).lastUpdatedAt().isBefore(later), "not before its time");
  }

  @Test
  void aSuspendedInstanceKeepsItsEventsAndAppliesThemAfterResume() {
    DurableClient client = start(new AtomicInteger());
    String id =
        await(
            client.scheduleNewOrchestration(
                "gated", "in", new StartOptions().setInstanceId("pausable")));
    await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    await(client.suspend(id, "maintenance"));
    awaitStatus(client, id, RuntimeStatus.SUSPENDED);
    await(client.suspend(id, "again changes nothing"));
    await(client.raiseEvent(id, "a", "payload"));
    awaitHistory(client, id, HistoryEvent.EventRaised.class);
    assertEquals(RuntimeStatus.SUSPENDED, await(client.getInstance(id)).status());
    assertTrue(
        await(client.getInstanceHistory(id)).stream()
            .noneMatch(e -> e instanceof HistoryEvent.TaskScheduled),
        "no progress while suspended");
    await(client.resume(id, "done"));
    InstanceMetadata done = complete(client, id);
    assertEquals("payload@in", done.readOutput(String.class));
    var notSuspended = (BatonException) failure(client.resume(id, "x"));
    assertEquals(ErrorCode.INVALID_STATE, notSuspended.code());
    assertEquals(
        ErrorCode.INVALID_STATE, ((BatonException) failure(client.suspend(id, "x"))).code());
    assertEquals(
        ErrorCode.INSTANCE_NOT_FOUND,
        ((BatonException) failure(client.suspend("ghost", "x"))).code());
  }

  @Test
  void aSuspendedInstanceStaysSuspendedAcrossAnEngineRestartAndResumesAfterwards() {
    Baton first = fixture.start(b -> orchestrators(b, new AtomicInteger()));
    String id =
        await(
            first
                .client()
                .scheduleNewOrchestration(
                    "gated", "in", new StartOptions().setInstanceId("paused-across")));
    await(first.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    await(first.client().suspend(id, "maintenance"));
    awaitStatus(first.client(), id, RuntimeStatus.SUSPENDED);
    await(first.client().raiseEvent(id, "a", "kept"));
    awaitHistory(first.client(), id, HistoryEvent.EventRaised.class);
    await(first.close());

    DurableClient client = fixture.start(b -> orchestrators(b, new AtomicInteger())).client();
    assertEquals(RuntimeStatus.SUSPENDED, await(client.getInstance(id)).status());
    await(client.resume(id, "back"));
    assertEquals("kept@in", complete(client, id).readOutput(String.class));
  }

  @Test
  void anEternalOrchestrationCarriesOnAcrossAnEngineRestart() {
    Baton first = fixture.start(b -> orchestrators(b, new AtomicInteger()));
    String id =
        await(
            first
                .client()
                .scheduleNewOrchestration("adder", 0, new StartOptions().setInstanceId("eternal")));
    for (int i = 1; i <= 10; i++) {
      await(first.client().raiseEvent(id, "add", String.valueOf(i)));
    }
    await(first.close());
    DurableClient client = fixture.start(b -> orchestrators(b, new AtomicInteger())).client();
    for (int i = 11; i <= 20; i++) {
      await(client.raiseEvent(id, "add", String.valueOf(i)));
    }
    await(client.raiseEvent(id, "add", "stop"));
    assertEquals(210, complete(client, id).readOutput(Integer.class));
  }

  @Test
  void aTerminateBeforeAScheduledStartEndsTheInstanceWhenItStarts() {
    DurableClient client = start(new AtomicInteger());
    Instant startAt = Instant.now().plusSeconds(2);
    String id =
        await(
            client.scheduleNewOrchestration(
                "gated",
                "x",
                new StartOptions().setInstanceId("later").setScheduledStartTime(startAt)));
    assertEquals(RuntimeStatus.PENDING, await(client.getInstance(id)).status());
    await(client.terminate(id, "not wanted"));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.TERMINATED, done.status());
    assertEquals("not wanted", done.readOutput(String.class));
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    assertTrue(history.stream().anyMatch(e -> e instanceof HistoryEvent.ExecutionStarted));
    assertTrue(history.getLast() instanceof HistoryEvent.ExecutionTerminated, history.toString());
    assertTrue(
        history.stream().noneMatch(e -> e instanceof HistoryEvent.EventRaised),
        "the code never ran past its start");
  }

  @Test
  void resumingARunningInstanceIsRefused() {
    DurableClient client = start(new AtomicInteger());
    String id = await(client.scheduleNewOrchestration("gated", "in"));
    await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    var error = (BatonException) failure(client.resume(id, "not suspended"));
    assertEquals(ErrorCode.INVALID_STATE, error.code());
    assertTrue(error.getMessage().contains("Running"), error.getMessage());
  }

  @Test
  void aPendingRowWhoseStartMessageWasNeverSentIsTakenOverByTheNextStart() {
    Baton baton = fixture.start(b -> b.addOrchestrator("echo", ctx -> ctx.input(String.class)));
    DurableClient client = baton.client();
    TaskHubStore hub = fixture.hub();
    // what a client leaves when it stops between the Pending row and the start message
    Instant longAgo = Instant.now().minus(Duration.ofHours(1));
    await(hub.instances().insert(pendingRow("orphan", longAgo)));
    // a Pending row as young as a start whose message is still on its way
    await(hub.instances().insert(pendingRow("in-flight", Instant.now())));

    var error =
        (BatonException)
            failure(
                client.scheduleNewOrchestration(
                    "echo", "second", new StartOptions().setInstanceId("in-flight")));
    assertEquals(ErrorCode.INSTANCE_EXISTS, error.code(), "a start may still be on its way");
    await(
        client.scheduleNewOrchestration(
            "echo", "taken over", new StartOptions().setInstanceId("orphan")));
    InstanceMetadata done = complete(client, "orphan");
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("taken over", done.readOutput(String.class));
  }

  private static InstanceRecord pendingRow(String id, Instant createdAt) {
    return new InstanceRecord(
        id,
        "echo",
        null,
        "never-sent",
        RuntimeStatus.PENDING,
        "\"lost\"",
        null,
        null,
        null,
        createdAt,
        createdAt,
        null,
        null);
  }

  @Test
  void restartRunsTheSameInputAgainUnderTheSameOrANewId() {
    DurableClient client = start(new AtomicInteger());
    String id =
        await(
            client.scheduleNewOrchestration(
                "gated", "original", new StartOptions().setInstanceId("restartable")));
    assertEquals(
        ErrorCode.INSTANCE_EXISTS,
        ((BatonException)
                failure(
                    client.restart(id, new RestartOptions().setRestartWithNewInstanceId(false))))
            .code(),
        "the same id while it runs");
    await(client.raiseEvent(id, "a", "first"));
    assertEquals("first@original", complete(client, id).readOutput(String.class));

    String same =
        await(client.restart(id, new RestartOptions().setRestartWithNewInstanceId(false)));
    assertEquals(id, same);
    await(client.raiseEvent(same, "a", "second"));
    assertEquals("second@original", complete(client, same).readOutput(String.class));

    String fresh = await(client.restart(id));
    assertNotEquals(id, fresh);
    await(client.raiseEvent(fresh, "a", "third"));
    assertEquals("third@original", complete(client, fresh).readOutput(String.class));
    assertEquals(
        ErrorCode.INSTANCE_NOT_FOUND, ((BatonException) failure(client.restart("ghost"))).code());
  }

  @Test
  void rewindRunsTheFailedActivityAgainAndTheInstanceContinues() {
    var failures = new AtomicInteger(1);
    DurableClient client = start(failures);
    String id =
        await(
            client.scheduleNewOrchestration(
                "fragile", null, new StartOptions().setInstanceId("rewindable")));
    assertEquals(RuntimeStatus.FAILED, complete(client, id).status());
    await(client.rewind(id, "fixed the cause"));
    awaitStatus(client, id, RuntimeStatus.RUNNING);
    await(client.raiseEvent(id, "late", "kept"));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("before,risky-ok,kept", done.readOutput(String.class));
    long echoes =
        await(client.getInstanceHistory(id)).stream()
            .filter(e -> e instanceof HistoryEvent.TaskScheduled s && s.name().equals("echo"))
            .count();
    assertEquals(1, echoes, "the activity that succeeded is not run again");
    var notFailed = (BatonException) failure(client.rewind(id, "again"));
    assertEquals(ErrorCode.INVALID_STATE, notFailed.code());
  }

  @Test
  void rewindOfAParentRewindsItsFailedChild() {
    var failures = new AtomicInteger(1);
    DurableClient client = start(failures);
    String id = await(client.scheduleNewOrchestration("fragile_parent", null));
    assertEquals(RuntimeStatus.FAILED, complete(client, id).status());
    await(client.rewind(id, "retry the family"));
    String child = childOf(client, id);
    awaitStatus(client, child, RuntimeStatus.RUNNING);
    await(client.raiseEvent(child, "late", "evt"));
    InstanceMetadata done = complete(client, id);
    assertEquals("parent(before,risky-ok,evt)", done.readOutput(String.class));
  }

  @Test
  void oldInstancesKeepTheirCodeWhileNewOnesRunANewVersion() {
    dev.baton.core.orchestration.Orchestrator<String> v1 =
        ctx -> {
          String who = ctx.waitForExternalEvent("who", String.class).await();
          return ctx.callActivity("echo", "v1 " + who, String.class).await();
        };
    dev.baton.core.orchestration.Orchestrator<String> v2 =
        ctx -> {
          String greeting = ctx.callActivity("echo", "v2 hello", String.class).await();
          String who = ctx.waitForExternalEvent("who", String.class).await();
          return greeting + " " + who;
        };
    Baton old =
        fixture.start(
            b ->
                b.addOrchestrator("order", v1).addActivity("echo", ctx -> ctx.input(String.class)));
    String running =
        await(
            old.client()
                .scheduleNewOrchestration("order", null, new StartOptions().setInstanceId("old")));
    await(old.client().waitForInstanceStart(running, Duration.ofSeconds(30)));
    await(old.close());

    Baton upgraded =
        fixture.start(
            b ->
                b.addOrchestrator(
                        "order",
                        new dev.baton.core.orchestration.VersionedOrchestrator()
                            .unversioned(v1)
                            .add("2", v2))
                    .addActivity("echo", ctx -> ctx.input(String.class)));
    DurableClient client = upgraded.client();
    String fresh =
        await(client.scheduleNewOrchestration("order", null, new StartOptions().setVersion("2")));
    await(client.raiseEvent(running, "who", "Ada"));
    await(client.raiseEvent(fresh, "who", "Bob"));
    assertEquals("v1 Ada", complete(client, running).readOutput(String.class));
    InstanceMetadata second = complete(client, fresh);
    assertEquals("v2 hello Bob", second.readOutput(String.class));
    assertEquals("2", second.version());

    String unknown =
        await(client.scheduleNewOrchestration("order", null, new StartOptions().setVersion("3")));
    InstanceMetadata failed = complete(client, unknown);
    assertEquals(RuntimeStatus.FAILED, failed.status());
    assertTrue(failed.failure().message().contains("version '3'"), failed.failure().message());
  }

  private static String childOf(DurableClient client, String parent) {
    return await(client.getInstanceHistory(parent)).stream()
        .filter(e -> e instanceof HistoryEvent.SubOrchestrationScheduled)
        .map(e -> ((HistoryEvent.SubOrchestrationScheduled) e).instanceId())
        .findFirst()
        .orElseThrow();
  }

  static void awaitStatus(DurableClient client, String id, RuntimeStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RuntimeStatus seen = null;
    while (System.nanoTime() < deadline) {
      InstanceMetadata m = await(client.getInstance(id));
      seen = m == null ? null : m.status();
      if (seen == status) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("instance '" + id + "' is " + seen + ", not " + status);
  }

  static void awaitHistory(
      DurableClient client, String id, Class<? extends HistoryEvent> eventType) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (await(client.getInstanceHistory(id)).stream().anyMatch(eventType::isInstance)) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no " + eventType.getSimpleName() + " in the history of " + id);
  }
}
