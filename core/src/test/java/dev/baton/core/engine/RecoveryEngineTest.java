package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.Task;
import dev.baton.core.spi.StoredHistory;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The guarantees under faults: duplicated and redelivered messages applied once, an engine stopped
 * mid-run replaced by another that finishes every instance, the cache on or off giving the same
 * histories, and changed code detected on replay.
 */
public abstract class RecoveryEngineTest extends EngineTestBase {

  private static final int STEPS = 5;

  static Baton.Builder chain(Baton.Builder b) {
    return chain(b, 0);
  }

  /** The chain workload; each activity takes {@code activityMillis}. */
  static Baton.Builder chain(Baton.Builder b, long activityMillis) {
    return b.addOrchestrator(
            "chain",
            ctx -> {
              int total = ctx.input(Integer.class);
              for (int i = 0; i < STEPS; i++) {
                total = ctx.callActivity("inc", total, Integer.class).await();
              }
              List<Task<Integer>> fan = new ArrayList<>();
              for (int i = 0; i < 3; i++) {
                fan.add(ctx.callActivity("inc", i, Integer.class));
              }
              for (int r : ctx.allOf(fan).await()) {
                total += r;
              }
              return total;
            })
        .addActivity(
            "inc",
            ctx -> {
              if (activityMillis > 0) {
                Thread.sleep(activityMillis);
              }
              return ctx.input(Integer.class) + 1;
            });
  }

  /** Each instance i returns i + 5 + (1 + 2 + 3). */
  static int expected(int i) {
    return i + STEPS + 6;
  }

  /** Every call of the history's one execution completed, each completion applied once. */
  static void assertEachCompletionOnce(StoredHistory history) {
    Map<Integer, Integer> completions = new HashMap<>();
    int scheduled = 0;
    for (HistoryEvent e : history.events()) {
      if (e instanceof HistoryEvent.TaskCompleted c) {
        completions.merge(c.taskId(), 1, Integer::sum);
      } else if (e instanceof HistoryEvent.TaskScheduled) {
        scheduled++;
      }
    }
    assertEquals(scheduled, completions.size(), "every call completed");
    completions.forEach((id, n) -> assertEquals(1, n, "completion of #" + id + " applied once"));
    long starts =
        history.events().stream().filter(e -> e instanceof HistoryEvent.ExecutionStarted).count();
    assertEquals(1, starts, "one start");
  }

  @Test
  void duplicatedAndRedeliveredMessagesAreAppliedExactlyOnce() {
    var chaos = new ChaosBackend(fixture.backend(), 7);
    Baton baton = fixture.start(b -> chain(b.backend(chaos)));
    DurableClient client = baton.client();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(
          await(
              client.scheduleNewOrchestration(
                  "chain", i, new StartOptions().setInstanceId("dup-" + i))));
    }
    TaskHubStore hub = fixture.hub();
    for (int i = 0; i < ids.size(); i++) {
      InstanceMetadata done = complete(client, ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status());
      assertEquals(expected(i), done.readOutput(Integer.class));
      assertEachCompletionOnce(await(hub.history().load(ids.get(i))));
    }
    assertTrue(chaos.duplicatesSent.get() > 0);
    assertTrue(chaos.deletesDropped.get() > 0, "some deletes were lost, so messages came back");
  }

  @Test
  void resultsOfActivitiesRunWhereTheirPartitionIsHeldSkipTheControlQueue() {
    var counting = new ChaosBackend(fixture.backend(), Integer.MAX_VALUE);
    Baton baton = fixture.start(b -> chain(b.backend(counting)));
    DurableClient client = baton.client();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(await(client.scheduleNewOrchestration("chain", i)));
    }
    TaskHubStore hub = fixture.hub();
    for (int i = 0; i < ids.size(); i++) {
      InstanceMetadata done = complete(client, ids.get(i));
      assertEquals(expected(i), done.readOutput(Integer.class));
      assertEachCompletionOnce(await(hub.history().load(ids.get(i))));
    }
    assertEquals(
        0L,
        counting.resultsQueued.get(),
        "one engine holds every partition: each result went straight to its partition");
  }

  @Test
  void anIdleEnginePollsTheWorkItemQueueWithOneLoopNotOnePerPartition() throws Exception {
    var counting = new ChaosBackend(fixture.backend(), Integer.MAX_VALUE);
    Baton baton = fixture.start(b -> chain(b.backend(counting)));
    assertEquals(4, baton.ownedPartitions().size());
    long controlBefore = counting.controlReceives.get();
    long workBefore = counting.workItemReceives.get();
    // idle: every poll loop backs off to the poll interval; watched until the four control
    // queues have polled about ten times each (about 1.5 s with the fixture's interval)
    TestEntities.awaitTrue(
        "the idle control queues polled",
        () -> counting.controlReceives.get() - controlBefore >= 40);
    long control = counting.controlReceives.get() - controlBefore;
    long work = counting.workItemReceives.get() - workBefore;
    // four control queues poll, each like the one work-item loop; five work-item loops would
    // poll about five times as often as one control queue
    assertTrue(control > 4, "the control queues were polled: " + control);
    assertTrue(
        work * 4 <= control * 2, "work-item polls " + work + " against control polls " + control);
    // and work still flows: the partitions' workers are woken by the work items sent
    InstanceMetadata done =
        complete(baton.client(), await(baton.client().scheduleNewOrchestration("chain", 1)));
    assertEquals(expected(1), done.readOutput(Integer.class));
  }

  @Test
  void anEngineStoppedMidRunIsReplacedAndEveryInstanceFinishes() {
    Baton first = fixture.start(b -> chain(b, 20));
    DurableClient client = first.client();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(
          await(
              client.scheduleNewOrchestration(
                  "chain", i, new StartOptions().setInstanceId("restart-" + i))));
    }
    await(client.waitForInstanceStart(ids.getLast(), Duration.ofSeconds(30)));
    await(first.close());
    var hub = fixture.hub();
    long unfinished =
        ids.stream()
            .filter(id -> !await(hub.instances().get(id)).value().status().isFinished())
            .count();
    assertTrue(unfinished > 0, "the first engine stopped with instances still running");

    Baton second = fixture.start(RecoveryEngineTest::chain);
    DurableClient client2 = second.client();
    for (int i = 0; i < ids.size(); i++) {
      InstanceMetadata done = complete(client2, ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status(), ids.get(i));
      assertEquals(expected(i), done.readOutput(Integer.class));
      assertEachCompletionOnce(await(hub.history().load(ids.get(i))));
    }
  }

  @Test
  void anActivityRunningLongerThanTheVisibilityTimeoutRunsOnce() {
    var runs = new java.util.concurrent.atomic.AtomicInteger();
    Baton baton =
        fixture.start(
            b -> // the fixture's 2 s visibility timeout, outlasted two and a half times
            b.addOrchestrator("slow", ctx -> ctx.callActivity("sleep", 5000, Integer.class).await())
                    .addActivity(
                        "sleep",
                        ctx -> {
                          runs.incrementAndGet();
                          Thread.sleep(ctx.input(Integer.class));
                          return runs.get();
                        }));
    DurableClient client = baton.client();
    InstanceMetadata done = complete(client, await(client.scheduleNewOrchestration("slow", null)));
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals(1, done.readOutput(Integer.class), "its work item stayed hidden while it ran");
    assertEquals(1, runs.get(), "run once, not again for each visibility timeout it outlasted");
  }

  @Test
  void cachedAndUncachedExecutionWriteIdenticalHistories() {
    Baton cached = fixture.start(RecoveryEngineTest::chain);
    Baton uncached =
        fixture.start(
            fixture.options().setTaskHub(fixture.options().getTaskHub() + "nc").setCacheSize(0),
            RecoveryEngineTest::chain);
    String a =
        await(
            cached
                .client()
                .scheduleNewOrchestration("chain", 7, new StartOptions().setInstanceId("same")));
    String b =
        await(
            uncached
                .client()
                .scheduleNewOrchestration("chain", 7, new StartOptions().setInstanceId("same")));
    assertEquals(expected(7), complete(cached.client(), a).readOutput(Integer.class));
    assertEquals(expected(7), complete(uncached.client(), b).readOutput(Integer.class));
    var hubA = fixture.hub();
    var hubB =
        await(fixture.backend().open(fixture.vertx(), fixture.options().getTaskHub() + "nc", 4));
    List<String> shapeA = shape(await(hubA.history().load(a)));
    List<String> shapeB = shape(await(hubB.history().load(b)));
    assertEquals(multiset(shapeA), multiset(shapeB), "the same events, cache or not");
  }

  private static List<String> shape(StoredHistory h) {
    List<String> out = new ArrayList<>();
    for (HistoryEvent e : h.events()) {
      out.add(
          switch (e) {
            case HistoryEvent.TaskScheduled s -> "scheduled#" + s.taskId() + ":" + s.input();
            case HistoryEvent.TaskCompleted c -> "completed#" + c.taskId() + ":" + c.result();
            case HistoryEvent.ExecutionCompleted c -> "end:" + c.status() + ":" + c.result();
            default -> e.getClass().getSimpleName();
          });
    }
    return out;
  }

  private static Map<String, Long> multiset(List<String> items) {
    Map<String, Long> m = new HashMap<>();
    items.stream()
        .filter(s -> !s.equals("OrchestratorStarted"))
        .forEach(s -> m.merge(s, 1L, Long::sum));
    return m;
  }

  @Test
  void changedCodeIsDetectedOnReplayAndFailsTheInstance() throws Exception {
    var shipping = new CountDownLatch(1);
    Baton v1 =
        fixture.start(
            b ->
                b.addOrchestrator(
                        "order",
                        ctx -> {
                          ctx.callActivity("charge", null, String.class).await();
                          return ctx.callActivity("ship", null, String.class).await();
                        })
                    .addActivity("charge", ctx -> "charged")
                    .addActivity(
                        "ship",
                        ctx -> {
                          shipping.countDown();
                          Thread.sleep(60_000); // stands for work lost with its engine
                          return "shipped";
                        }));
    String id =
        await(
            v1.client()
                .scheduleNewOrchestration(
                    "order", null, new StartOptions().setInstanceId("order-1")));
    assertTrue(shipping.await(30, TimeUnit.SECONDS));
    await(v1.close());

    Baton v2 =
        fixture.start(
            b ->
                b.addOrchestrator(
                        "order",
                        ctx -> {
                          ctx.callActivity("refund", null, String.class).await();
                          return ctx.callActivity("ship", null, String.class).await();
                        })
                    .addActivity("refund", ctx -> "refunded")
                    .addActivity("ship", ctx -> "shipped"));
    InstanceMetadata done = complete(v2.client(), id);
    assertEquals(RuntimeStatus.FAILED, done.status());
    String message = done.failure().message();
    assertTrue(message.startsWith("BATON-101"), message);
    assertTrue(message.contains("TaskScheduled #0 'charge'"), message);
    assertTrue(message.contains("'refund'"), message);
  }

  @Test
  void aNonDeterminismCaughtByUserCodeStillFailsTheInstance() {
    var runs = new java.util.concurrent.atomic.AtomicInteger();
    var caught = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    Baton baton =
        fixture.start(
            fixture.options().setCacheSize(0), // every episode replays the code from history
            b ->
                b.addOrchestrator(
                        "fickle",
                        ctx -> {
                          // not deterministic: the replay calls another activity than the first run
                          String name = runs.getAndIncrement() == 0 ? "charge" : "refund";
                          try {
                            return ctx.callActivity(name, null, String.class).await();
                          } catch (Throwable t) {
                            caught.set(t);
                            return "swallowed";
                          }
                        })
                    .addActivity("charge", ctx -> "charged")
                    .addActivity("refund", ctx -> "refunded"));
    String id = await(baton.client().scheduleNewOrchestration("fickle", null));
    InstanceMetadata done = complete(baton.client(), id);
    assertTrue(caught.get() instanceof Error, "the code caught the signal: " + caught.get());
    assertEquals(RuntimeStatus.FAILED, done.status(), "not completed with 'swallowed'");
    String message = done.failure().message();
    assertTrue(message.startsWith("BATON-101"), message);
    assertTrue(message.contains("TaskScheduled #0 'charge'"), message);
    assertTrue(message.contains("'refund'"), message);
  }

  @Test
  void aContinueAsNewCaughtByUserCodeStillContinues() {
    Baton baton =
        fixture.start(
            b ->
                b.addOrchestrator(
                    "loop",
                    ctx -> {
                      int n = ctx.input(Integer.class);
                      if (n < 3) {
                        try {
                          ctx.continueAsNew(n + 1);
                        } catch (Throwable t) {
                          return "swallowed at " + n;
                        }
                      }
                      return "done at " + n;
                    }));
    String id = await(baton.client().scheduleNewOrchestration("loop", 0));
    InstanceMetadata done = complete(baton.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals("done at 3", done.readOutput(String.class));
  }

  @Test
  void historyOfACompletedInstanceMatchesItsStatus() {
    Baton baton = fixture.start(RecoveryEngineTest::chain);
    String id =
        await(
            baton
                .client()
                .scheduleNewOrchestration(
                    "chain", 1, new StartOptions().setInstanceId("consistent")));
    InstanceMetadata done = complete(baton.client(), id);
    var hub = fixture.hub();
    StoredHistory history = await(hub.history().load(id));
    var last = (HistoryEvent.ExecutionCompleted) history.events().getLast();
    assertEquals(done.status(), last.status());
    assertEquals(done.output(), last.result());
    assertEachCompletionOnce(history);
    assertTrue(Duration.between(done.createdAt(), done.lastUpdatedAt()).toMillis() >= 0);
  }
}
