package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.activity.ActivityOptions;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.Task;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Activities run by the engine whose partition scheduled them, with no work item queued: the
 * message of the episode that called them is kept until their results are stored, and its
 * redelivery after a crash, or after a result that could not be stored, sends the calls still open
 * through the queue. Checked by counting store calls ({@link FaultBackend}) and by killing an
 * engine ({@link FreezableBackend}) while its activity runs.
 */
public abstract class LocalActivityEngineTest extends EngineTestBase {

  /** Runs {@link RecoveryEngineTest#chain}, five steps then three at once, on {@code count} ids. */
  private List<String> runChains(Baton baton, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          await(
              baton
                  .client()
                  .scheduleNewOrchestration(
                      "chain", i, new StartOptions().setInstanceId(prefix + i))));
    }
    TaskHubStore hub = fixture.hub();
    for (int i = 0; i < count; i++) {
      InstanceMetadata done = complete(baton.client(), ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
      assertEquals(RecoveryEngineTest.expected(i), done.readOutput(Integer.class));
      RecoveryEngineTest.assertEachCompletionOnce(await(hub.history().load(ids.get(i))));
    }
    return ids;
  }

  /** Waits until every control queue of the hub is empty: the kept messages were deleted. */
  private void awaitControlQueuesEmpty() {
    TestEntities.awaitTrue("every control message deleted", () -> fixture.controlMessages() == 0);
  }

  @Test
  void activitiesRunWhereTheirPartitionIsHeldWithNoWorkItemQueued() {
    var counting = new FaultBackend(fixture.backend(), 0);
    Baton baton = fixture.start(b -> RecoveryEngineTest.chain(b.backend(counting)));
    runChains(baton, "local-", 6);
    assertEquals(0, counting.calls(StoreCall.WORK_SEND), "no work item was queued");
    assertEquals(0, counting.calls(StoreCall.WORK_DELETE), "none was deleted either");
    awaitControlQueuesEmpty(); // each start message went once its instance's last run was stored
    assertEquals(0L, await(fixture.hub().workItemQueue().approximateCount()));
  }

  @Test
  void withLocalActivitiesOffEveryCallIsAWorkItem() {
    var counting = new FaultBackend(fixture.backend(), 0);
    Baton baton =
        fixture.start(
            fixture.options().setLocalActivities(false),
            b -> RecoveryEngineTest.chain(b.backend(counting)));
    runChains(baton, "queued-", 3);
    // one send per episode that calls: five steps and the fan-out, for each of three instances
    assertEquals(18, counting.calls(StoreCall.WORK_SEND));
    awaitControlQueuesEmpty();
  }

  @Test
  void callsBeyondTheFreeActivitySlotsWaitForOneWithNoWorkItemQueued() {
    var counting = new FaultBackend(fixture.backend(), 0);
    Baton baton =
        fixture.start(
            fixture.options().setActivityConcurrency(1),
            b -> RecoveryEngineTest.chain(b.backend(counting)));
    runChains(baton, "narrow-", 2); // fan-outs of three, one slot: two calls wait each time
    assertEquals(0, counting.calls(StoreCall.WORK_SEND), "the calls waited here for the slot");
    awaitControlQueuesEmpty();
  }

  @Test
  void aCallThatWaitedTooLongForASlotOrFoundNoRoomIsQueuedForAnyWorker() {
    var counting = new FaultBackend(fixture.backend(), 0);
    var release = new java.util.concurrent.CountDownLatch(1);
    Baton baton =
        fixture.start(
            fixture.options().setActivityConcurrency(1), // one slot, and room for 16 to wait
            b ->
                b.backend(counting)
                    .addOrchestrator(
                        "wide",
                        ctx -> {
                          List<dev.baton.core.orchestration.Task<Integer>> calls =
                              new ArrayList<>();
                          calls.add(ctx.callActivity("hold", 0, Integer.class));
                          for (int i = 1; i < 20; i++) {
                            calls.add(ctx.callActivity("echo", i, Integer.class));
                          }
                          int sum = 0;
                          for (var c : calls) {
                            sum += c.await();
                          }
                          return sum;
                        })
                    .addActivity(
                        "hold",
                        ctx -> {
                          release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                          return 0;
                        })
                    .addActivity("echo", ctx -> ctx.input(Integer.class)));
    String id = await(baton.client().scheduleNewOrchestration("wide", null));
    // 1 runs, 16 wait here, 3 found no room and were sent at once; the 16 follow after 200 ms
    TestEntities.awaitTrue(
        "the calls that could not wait sent through the queue",
        () -> counting.calls(StoreCall.WORK_SEND) >= 2);
    release.countDown();
    InstanceMetadata done = complete(baton.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals(190, done.readOutput(Integer.class)); // 1 + ... + 19, each applied once
    awaitControlQueuesEmpty();
    TestEntities.awaitTrue(
        "the queued work items deleted",
        () -> await(fixture.hub().workItemQueue().approximateCount()) == 0L);
  }

  @Test
  void aCallMadeByTheEpisodeThatEndsItsExecutionIsQueued() throws Exception {
    var counting = new FaultBackend(fixture.backend(), 0);
    CountDownLatch ran = new CountDownLatch(1);
    Baton baton =
        fixture.start(
            b ->
                b.backend(counting)
                    .addOrchestrator(
                        "fire",
                        ctx -> {
                          ctx.callActivity("note", null, Void.class); // not awaited
                          return "done";
                        })
                    .addActivity(
                        "note",
                        ctx -> {
                          ran.countDown();
                          return null;
                        }));
    String id = await(baton.client().scheduleNewOrchestration("fire", null));
    assertEquals(RuntimeStatus.COMPLETED, complete(baton.client(), id).status());
    assertTrue(ran.await(30, TimeUnit.SECONDS), "the call ran after its orchestration ended");
    assertEquals(
        1,
        counting.calls(StoreCall.WORK_SEND),
        "its execution ended with the episode: the call was queued, to outlive a crash");
  }

  @Test
  void aResultThatCouldNotBeStoredHasItsCallSentAgainThroughTheQueue() {
    String id = "lost-result";
    AtomicInteger appends = new AtomicInteger();
    var faults =
        new FaultBackend(fixture.backend(), 0)
            // the episode that applies the first result fails: the result is handed back ...
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.HISTORY_APPEND)
                    .when(args -> id.equals(args[0]) && appends.incrementAndGet() == 2))
            // ... and its send through the control queue fails too: nothing holds it any more
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.TaskCompleted.class)));
    AtomicInteger runs = new AtomicInteger();
    Baton baton =
        fixture.start(
            b ->
                b.backend(faults)
                    .addOrchestrator(
                        "once", ctx -> ctx.callActivity("count", null, Integer.class).await())
                    .addActivity("count", ctx -> runs.incrementAndGet()));
    await(
        baton
            .client()
            .scheduleNewOrchestration("once", null, new StartOptions().setInstanceId(id)));
    InstanceMetadata done = complete(baton.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals(2, runs.get(), "run locally, then again from the queue after the result was lost");
    assertEquals(2, done.readOutput(Integer.class), "the second run's result was applied");
    assertEquals(1, faults.injected(StoreCall.CONTROL_SEND), "the result's send was failed");
    assertTrue(faults.calls(StoreCall.WORK_SEND) >= 1, "the call went through the queue");
    RecoveryEngineTest.assertEachCompletionOnce(await(fixture.hub().history().load(id)));
    awaitControlQueuesEmpty();
  }

  @Test
  void anEngineKilledWhileItsActivityRunsHasTheCallRunAgainByTheNextOwner() throws Exception {
    String id = "killed-mid-activity";
    CountDownLatch firstRunStarted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    var store = new FaultBackend(fixture.backend(), 0);
    var dying = new FreezableBackend(store);
    try {
      Baton first =
          fixture.start(
              b ->
                  b.backend(dying)
                      .addOrchestrator(
                          "wait", ctx -> ctx.callActivity("hang", null, Integer.class).await())
                      .addActivity(
                          "hang",
                          ctx -> {
                            int run = runs.incrementAndGet();
                            if (run == 1) {
                              firstRunStarted.countDown();
                              never.await(); // the dying engine's run never ends
                            }
                            return run;
                          }));
      await(
          first
              .client()
              .scheduleNewOrchestration("wait", null, new StartOptions().setInstanceId(id)));
      assertTrue(firstRunStarted.await(30, TimeUnit.SECONDS), "the first engine ran it");
      assertEquals(0, store.calls(StoreCall.WORK_SEND), "it ran with no work item queued");
      dying.freeze(); // the process is gone: no renewal, no write, no delete from now on

      Baton second =
          fixture.start(
              b ->
                  b.backend(store)
                      .addOrchestrator(
                          "wait", ctx -> ctx.callActivity("hang", null, Integer.class).await())
                      .addActivity("hang", ctx -> runs.incrementAndGet()));
      InstanceMetadata done =
          await(second.client().waitForInstanceCompletion(id, Duration.ofSeconds(45)));
      assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
      assertEquals(2, done.readOutput(Integer.class), "the next owner ran the call again");
      assertTrue(store.calls(StoreCall.WORK_SEND) >= 1, "sent again through the queue");
      RecoveryEngineTest.assertEachCompletionOnce(await(fixture.hub().history().load(id)));
    } finally {
      never.countDown();
      dying.kill();
    }
  }

  @Test
  void withTheActivityCarriersTurnedOffAChainsStepsRunOnTheDefaultScheduler() {
    Baton baton =
        fixture.start(
            fixture.options().setActivityCarriers(false),
            b ->
                b.addOrchestrator(
                        "steps",
                        ctx -> {
                          List<String> carriers = new ArrayList<>();
                          for (int i = 0; i < 20; i++) { // one at a time: each would be a carrier's
                            carriers.add(ctx.callActivity("where", null, String.class).await());
                          }
                          return String.join(" | ", carriers);
                        })
                    .addActivity("where", ctx -> Thread.currentThread().toString()));
    InstanceMetadata done =
        complete(baton.client(), await(baton.client().scheduleNewOrchestration("steps", null)));
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    String[] carriers = done.readOutput(String.class).split(" \\| ");
    assertEquals(20, carriers.length);
    for (String carrier : carriers) {
      // a virtual thread names its carrier
      assertTrue(carrier.contains("ForkJoinPool"), carrier);
      assertTrue(!carrier.contains("baton-activity-carrier-"), carrier);
    }
  }

  @Test
  void anActivityMarkedOnEventLoopRunsOnTheEventLoopOfItsWorker() {
    CountDownLatch released = new CountDownLatch(1);
    Baton baton =
        fixture.start(
            b ->
                b.addOrchestrator(
                        "where",
                        ctx -> {
                          String looped = ctx.callActivity("looped", null, String.class).await();
                          String pooled = ctx.callActivity("pooled", null, String.class).await();
                          // both on the partition's loop: the first waits until the second ran
                          Task<String> waiting = ctx.callActivity("waiting", null, String.class);
                          Task<String> releasing =
                              ctx.callActivity("releasing", null, String.class);
                          return looped
                              + " | "
                              + pooled
                              + " | "
                              + waiting.await()
                              + " | "
                              + releasing.await();
                        })
                    .addActivity(
                        "looped",
                        ctx -> Thread.currentThread().toString(),
                        ActivityOptions.onEventLoop())
                    .addActivity("pooled", ctx -> Thread.currentThread().toString())
                    .addActivity(
                        "waiting",
                        ctx -> {
                          // parks the virtual thread: the loop it leaves runs the other activity
                          boolean in = released.await(30, TimeUnit.SECONDS);
                          return in + " " + Thread.currentThread();
                        },
                        new ActivityOptions().setOnEventLoop(true))
                    .addActivity(
                        "releasing",
                        ctx -> {
                          released.countDown();
                          return Thread.currentThread().toString();
                        },
                        ActivityOptions.onEventLoop()));
    String id = await(baton.client().scheduleNewOrchestration("where", null));
    InstanceMetadata done = complete(baton.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    String[] carriers = done.readOutput(String.class).split(" \\| ");
    // a virtual thread names its carrier: the event loop, or by default one of Baton's activity
    // carriers, or a fork-join worker when other activities of this JVM run (ActivityCarriersTest)
    assertTrue(carriers[0].contains("vert.x-eventloop-thread"), carriers[0]);
    assertTrue(
        carriers[1].contains("baton-activity-carrier-") || carriers[1].contains("ForkJoinPool"),
        carriers[1]);
    assertTrue(carriers[2].startsWith("true "), "released while it waited: " + carriers[2]);
    assertTrue(carriers[2].contains("vert.x-eventloop-thread"), carriers[2]);
    assertTrue(carriers[3].contains("vert.x-eventloop-thread"), carriers[3]);
  }

  @Test
  void anEventLoopActivityStillRunningIsInterruptedWhenItsEngineStops() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Baton baton =
        fixture.start(
            b ->
                b.addOrchestrator(
                        "stuck", ctx -> ctx.callActivity("forever", null, String.class).await())
                    .addActivity(
                        "forever",
                        ctx -> {
                          started.countDown();
                          try {
                            never.await();
                          } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                          }
                          return "never";
                        },
                        ActivityOptions.onEventLoop()));
    await(baton.client().scheduleNewOrchestration("stuck", null));
    assertTrue(started.await(30, TimeUnit.SECONDS), "the activity began");
    await(baton.close());
    assertTrue(
        interrupted.await(30, TimeUnit.SECONDS),
        "the stop interrupted it, as it interrupts activities on the default scheduler");
  }

  @Test
  void activityOptionsMustBeGiven() {
    var builder = Baton.builder(fixture.vertx());
    var refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.baton.core.BatonException.class, () -> builder.addActivity("a", ctx -> 1, null));
    assertEquals(dev.baton.core.ErrorCode.INVALID_ARGUMENT, refused.code());
    assertTrue(refused.getMessage().contains("activity options must not be null"));
    assertEquals("ActivityOptions{onEventLoop=true}", ActivityOptions.onEventLoop().toString());
    assertEquals(false, new ActivityOptions().isOnEventLoop(), "off by default");
  }
}
