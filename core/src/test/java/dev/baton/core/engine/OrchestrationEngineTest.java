package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstancePage;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.impl.replay.VirtualThreads;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Orchestrations end to end on a backend: results, failures, fan-out, bad input, queries. */
public abstract class OrchestrationEngineTest extends EngineTestBase {

  static Baton.Builder greetings(Baton.Builder b) {
    return b.addOrchestrator(
            "greetings",
            ctx -> {
              Map<?, ?> in = ctx.input(Map.class);
              String a = ctx.callActivity("hello", "Text 1 - " + in.get("n"), String.class).await();
              String b2 =
                  ctx.callActivity("hello", "Text 2 - " + in.get("n"), String.class).await();
              return List.of(a, b2);
            })
        .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!");
  }

  @Test
  void sequenceOfTwoActivitiesCompletesWithBothResults() {
    DurableClient client = fixture.start(OrchestrationEngineTest::greetings).client();
    String id =
        await(
            client.scheduleNewOrchestration(
                "greetings", Map.of("n", 3), new StartOptions().setInstanceId("instance42")));
    assertEquals("instance42", id);
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(List.of("Hello Text 1 - 3!", "Hello Text 2 - 3!"), done.readOutput(List.class));
    assertEquals("greetings", done.name());
    assertEquals(Map.of("n", 3), done.readInput(Map.class));
    assertTrue(!done.lastUpdatedAt().isBefore(done.createdAt()));
    var history = await(client.getInstanceHistory(id));
    assertInstanceOf(dev.baton.core.history.HistoryEvent.ExecutionStarted.class, history.get(1));
    assertEquals(
        2,
        history.stream()
            .filter(e -> e instanceof dev.baton.core.history.HistoryEvent.TaskCompleted)
            .count());
    assertEquals(
        ErrorCode.INSTANCE_NOT_FOUND,
        ((BatonException) failure(client.getInstanceHistory("ghost"))).code());
  }

  /**
   * How many activities the fan-out test calls at once: a thousand, the benchmark's fan-out. A
   * binding on a store whose every message costs HTTP requests calls fewer, so the test takes
   * seconds there too.
   */
  protected int fanOutSize() {
    return 1_000;
  }

  @Test
  void fanOutOfManyActivitiesSumsEveryResult() {
    int n = fanOutSize();
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                            "fan",
                            ctx -> {
                              List<Task<Integer>> tasks = new ArrayList<>();
                              for (int i = 0; i < n; i++) {
                                tasks.add(ctx.callActivity("double", i, Integer.class));
                              }
                              return ctx.allOf(tasks).await().stream().mapToInt(x -> x).sum();
                            })
                        .addActivity("double", ctx -> ctx.input(Integer.class) * 2))
            .client();
    String id = await(client.scheduleNewOrchestration("fan", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(n * (n - 1), done.readOutput(Integer.class), "twice the sum of 0.." + (n - 1));
  }

  @Test
  void activityFailureIsCaughtByTheOrchestrator() {
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                            "pay",
                            ctx -> {
                              try {
                                return ctx.callActivity("charge", 10, String.class).await();
                              } catch (TaskFailedException e) {
                                return "refunded after " + e.details().message();
                              }
                            })
                        .addActivity(
                            "charge",
                            ctx -> {
                              throw new IllegalStateException("card declined");
                            }))
            .client();
    InstanceMetadata done = complete(client, await(client.scheduleNewOrchestration("pay", null)));
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals("refunded after card declined", done.readOutput(String.class));
  }

  @Test
  void uncaughtActivityFailureFailsTheInstanceWithDetails() {
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                            "pay", ctx -> ctx.callActivity("charge", 10, String.class).await())
                        .addActivity(
                            "charge",
                            ctx -> {
                              throw new IllegalStateException("card declined");
                            }))
            .client();
    InstanceMetadata done = complete(client, await(client.scheduleNewOrchestration("pay", null)));
    assertEquals(RuntimeStatus.FAILED, done.status());
    assertEquals(TaskFailedException.class.getName(), done.failure().type());
    assertEquals(IllegalStateException.class.getName(), done.failure().cause().type());
    assertEquals("card declined", done.failure().cause().message());
    assertTrue(done.failure().cause().stackTrace().contains("IllegalStateException"));
  }

  @Test
  void manyInstancesOnEveryPartitionCompleteAtOnce() {
    Baton baton = fixture.start(OrchestrationEngineTest::greetings);
    assertEquals(Set.of(0, 1, 2, 3), baton.ownedPartitions());
    DurableClient client = baton.client();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(
          await(
              client.scheduleNewOrchestration(
                  "greetings", Map.of("n", i), new StartOptions().setInstanceId("many-" + i))));
    }
    for (int i = 0; i < ids.size(); i++) {
      InstanceMetadata done = complete(client, ids.get(i));
      assertEquals(
          List.of("Hello Text 1 - " + i + "!", "Hello Text 2 - " + i + "!"),
          done.readOutput(List.class));
    }
    Set<Integer> partitions = new HashSet<>();
    ids.forEach(id -> partitions.add(dev.baton.core.impl.Partitioning.partitionOf(id, 4)));
    assertEquals(4, partitions.size(), "the ids spread over all partitions");
  }

  @Test
  void customStatusIsVisibleToTheClient() throws Exception {
    var gate = new CountDownLatch(1);
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                            "progress",
                            ctx -> {
                              ctx.setCustomStatus(Map.of("step", "charging"));
                              ctx.callActivity("wait", null, Void.class).await();
                              ctx.setCustomStatus(Map.of("step", "done"));
                              return null;
                            })
                        .addActivity(
                            "wait",
                            ctx -> {
                              gate.await(30, TimeUnit.SECONDS);
                              return null;
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("progress", null));
    InstanceMetadata running = await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (running.customStatus() == null && System.nanoTime() < deadline) {
      running = await(client.getInstance(id));
    }
    assertEquals(Map.of("step", "charging"), running.readCustomStatus(Map.class));
    gate.countDown();
    assertEquals(Map.of("step", "done"), complete(client, id).readCustomStatus(Map.class));
  }

  @Test
  void unknownOrchestratorIsRefusedAtOnce() {
    DurableClient client = fixture.start(OrchestrationEngineTest::greetings).client();
    var error = (BatonException) failure(client.scheduleNewOrchestration("nope", null));
    assertEquals(ErrorCode.UNKNOWN_ORCHESTRATOR, error.code());
    assertTrue(error.getMessage().contains("'nope'"));
  }

  @Test
  void unknownActivityFailsTheInstanceWithAClearCause() {
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "o", ctx -> ctx.callActivity("missing", null, String.class).await()))
            .client();
    InstanceMetadata done = complete(client, await(client.scheduleNewOrchestration("o", null)));
    assertEquals(RuntimeStatus.FAILED, done.status());
    assertTrue(done.failure().cause().message().startsWith("BATON-103"), done.failure().toString());
  }

  @Test
  void invalidInstanceIdsAreRefused() {
    DurableClient client = fixture.start(OrchestrationEngineTest::greetings).client();
    for (String bad : new String[] {"", " lead", "trail ", "\ttab", "x".repeat(300)}) {
      var error =
          (BatonException)
              failure(
                  client.scheduleNewOrchestration(
                      "greetings", Map.of("n", 1), new StartOptions().setInstanceId(bad)));
      assertEquals(ErrorCode.INVALID_INSTANCE_ID, error.code(), bad);
    }
    assertEquals(
        ErrorCode.INVALID_INSTANCE_ID, ((BatonException) failure(client.getInstance(null))).code());
  }

  @Test
  void inputThatCannotBeSerializedIsRefused() {
    DurableClient client = fixture.start(OrchestrationEngineTest::greetings).client();
    var error =
        (BatonException) failure(client.scheduleNewOrchestration("greetings", new Object()));
    assertEquals(ErrorCode.SERIALIZATION, error.code());
  }

  @Test
  void resultOfTheWrongTypeFailsTheInstance() {
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                            "o", ctx -> ctx.callActivity("a", null, Integer.class).await())
                        .addActivity("a", ctx -> "not a number"))
            .client();
    InstanceMetadata done = complete(client, await(client.scheduleNewOrchestration("o", null)));
    assertEquals(RuntimeStatus.FAILED, done.status());
    assertTrue(done.failure().message().startsWith("BATON-107"), done.failure().message());
  }

  @Test
  void duplicateIdOfARunningInstanceIsRefusedAndAFinishedOneIsReplaced() {
    var gate = new CountDownLatch(1);
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                            "o",
                            ctx ->
                                ctx.callActivity("a", ctx.input(String.class), String.class)
                                    .await())
                        .addActivity(
                            "a",
                            ctx -> {
                              gate.await(30, TimeUnit.SECONDS);
                              return ctx.input(String.class);
                            }))
            .client();
    var opts = new StartOptions().setInstanceId("dup");
    await(client.scheduleNewOrchestration("o", "first", opts));
    var error = (BatonException) failure(client.scheduleNewOrchestration("o", "second", opts));
    assertEquals(ErrorCode.INSTANCE_EXISTS, error.code());
    gate.countDown();
    assertEquals("first", complete(client, "dup").readOutput(String.class));
    await(client.scheduleNewOrchestration("o", "again", opts));
    InstanceMetadata second = complete(client, "dup");
    assertEquals("again", second.readOutput(String.class));
  }

  @Test
  void waitingRunsOutOfTimeWithATimeoutError() {
    DurableClient client =
        fixture
            .start(
                b -> b.addOrchestrator("slow", ctx -> ctx.createTimer(Duration.ofHours(1)).await()))
            .client();
    String id = await(client.scheduleNewOrchestration("slow", null));
    var error =
        (BatonException) failure(client.waitForInstanceCompletion(id, Duration.ofMillis(200)));
    assertEquals(ErrorCode.TIMEOUT, error.code());
    assertEquals(
        ErrorCode.INSTANCE_NOT_FOUND,
        ((BatonException) failure(client.waitForInstanceCompletion("ghost", Duration.ofSeconds(1))))
            .code());
  }

  @Test
  void terminateStopsARunningInstanceAndRefusesAFinishedOne() {
    DurableClient client =
        fixture
            .start(
                b -> b.addOrchestrator("slow", ctx -> ctx.createTimer(Duration.ofHours(1)).await()))
            .client();
    String id = await(client.scheduleNewOrchestration("slow", null));
    await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    await(client.terminate(id, "no longer needed"));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.TERMINATED, done.status());
    assertEquals("no longer needed", done.readOutput(String.class));
    assertEquals(
        ErrorCode.INVALID_STATE, ((BatonException) failure(client.terminate(id, "again"))).code());
    assertEquals(
        ErrorCode.INSTANCE_NOT_FOUND,
        ((BatonException) failure(client.terminate("ghost", "x"))).code());
  }

  @Test
  void purgeRemovesFinishedInstancesOnlyAndQueriesPage() {
    Baton baton =
        fixture.start(
            b ->
                greetings(b)
                    .addOrchestrator("slow", ctx -> ctx.createTimer(Duration.ofHours(1)).await()));
    DurableClient client = baton.client();
    for (int i = 0; i < 25; i++) {
      String id = String.format("q-%02d", i);
      await(
          client.scheduleNewOrchestration(
              "greetings", Map.of("n", i), new StartOptions().setInstanceId(id)));
    }
    for (int i = 0; i < 25; i++) {
      complete(client, String.format("q-%02d", i));
    }
    String running =
        await(
            client.scheduleNewOrchestration(
                "slow", null, new StartOptions().setInstanceId("q-run")));
    await(client.waitForInstanceStart(running, Duration.ofSeconds(30)));

    List<String> seen = new ArrayList<>();
    var query = new InstanceQuery().setInstanceIdPrefix("q-").setPageSize(10);
    InstancePage page;
    do {
      page = await(client.queryInstances(query));
      page.instances().forEach(m -> seen.add(m.instanceId()));
      query.setContinuationToken(page.continuationToken());
    } while (page.continuationToken() != null);
    assertEquals(26, seen.size());
    assertEquals(seen.stream().sorted().toList(), seen, "ordered by instance id");

    InstancePage runningOnly =
        await(
            client.queryInstances(
                new InstanceQuery().setRuntimeStatus(Set.of(RuntimeStatus.RUNNING))));
    assertEquals(
        List.of("q-run"),
        runningOnly.instances().stream().map(InstanceMetadata::instanceId).toList());

    assertEquals(
        ErrorCode.INVALID_STATE, ((BatonException) failure(client.purgeInstance("q-run"))).code());
    assertTrue(await(client.purgeInstance("q-00")));
    assertNull(await(client.getInstance("q-00")));
    assertEquals(false, await(client.purgeInstance("q-00")));
    int purged = await(client.purgeInstances(new InstanceQuery().setInstanceIdPrefix("q-")));
    assertEquals(24, purged, "every finished one, not the running one");
    assertNotNull(await(client.getInstance("q-run")));
  }

  @Test
  void clientOfAnUnstartedEngineSaysSo() {
    Baton baton =
        Baton.builder(fixture.vertx())
            .backend(fixture.backend())
            .options(fixture.options())
            .build();
    var error = org.junit.jupiter.api.Assertions.assertThrows(BatonException.class, baton::client);
    assertEquals(ErrorCode.NOT_RUNNING, error.code());
    assertInstanceOf(
        BatonException.class,
        org.junit.jupiter.api.Assertions.assertThrows(
            BatonException.class, () -> Baton.builder(fixture.vertx()).build()));
  }

  @Test
  void userCodeRunsWhereTheEffectiveOptionsSayAndTheEngineLogsIt() {
    boolean asked = fixture.options().isOrchestrationsOnEventLoop();
    boolean expected =
        asked && Runtime.version().feature() >= 24 && VirtualThreads.customSchedulerAvailable();
    Baton baton;
    try (var log = CapturedLog.of("dev.baton.core.impl.BatonImpl")) {
      baton =
          fixture.start(b -> b.addOrchestrator("where", ctx -> Thread.currentThread().toString()));
      List<String> placements =
          log.messages().stream().filter(m -> m.contains("entity code runs")).toList();
      assertEquals(1, placements.size(), "logged once at start: " + log.messages());
      assertEquals(expected, placements.getFirst().contains("event loops"), placements.getFirst());
    }
    assertEquals(expected, baton.effectiveOptions().isOrchestrationsOnEventLoop());
    assertEquals(asked, fixture.options().isOrchestrationsOnEventLoop(), "the caller's copy stays");
    DurableClient client = baton.client();
    String where =
        complete(client, await(client.scheduleNewOrchestration("where", null)))
            .readOutput(String.class);
    // a mounted virtual thread names its carrier: an event loop, or a ForkJoinPool worker
    assertTrue(where.startsWith("VirtualThread"), where);
    assertEquals(expected, where.contains("vert.x-eventloop-thread"), where);
  }
}
