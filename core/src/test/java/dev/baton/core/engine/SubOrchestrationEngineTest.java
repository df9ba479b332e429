package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sub-orchestrations end to end: results and failures with details reach the parent, chosen and
 * generated ids, retries, a busy id, a terminated child, and a parent that survives a restart.
 */
public abstract class SubOrchestrationEngineTest extends EngineTestBase {

  static Baton.Builder family(Baton.Builder b, AtomicInteger flakyCalls) {
    return b.addOrchestrator(
            "double",
            ctx -> {
              int n = ctx.input(Integer.class);
              if (n < 0) {
                throw new IllegalArgumentException("negative: " + n);
              }
              return ctx.callActivity("times2", n, Integer.class).await();
            })
        .addActivity("times2", ctx -> ctx.input(Integer.class) * 2)
        .addOrchestrator(
            "flaky_child",
            ctx -> ctx.callActivity("flaky", null, String.class).await() + " in child")
        .addActivity(
            "flaky",
            ctx -> {
              if (flakyCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
              }
              return "ok";
            })
        .addOrchestrator(
            "waiting_child", ctx -> ctx.waitForExternalEvent("go", String.class).await());
  }

  @Test
  void childResultsReachTheParentInOrderWithGeneratedIds() {
    DurableClient client =
        fixture
            .start(
                b ->
                    family(b, new AtomicInteger())
                        .addOrchestrator(
                            "parent",
                            ctx -> {
                              List<Task<Integer>> kids = new ArrayList<>();
                              for (int i = 1; i <= 5; i++) {
                                kids.add(ctx.callSubOrchestrator("double", i, Integer.class));
                              }
                              return ctx.allOf(kids).await();
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("parent", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(List.of(2, 4, 6, 8, 10), done.readOutput(List.class));
  }

  @Test
  void aChildFailureReachesTheParentWithItsDetailsAndAChosenIdIsVisible() {
    DurableClient client =
        fixture
            .start(
                b ->
                    family(b, new AtomicInteger())
                        .addOrchestrator(
                            "parent",
                            ctx -> {
                              try {
                                return ctx.callSubOrchestrator(
                                        "double",
                                        -3,
                                        Integer.class,
                                        new SubOrchestrationOptions().setInstanceId("child-of-p"))
                                    .await();
                              } catch (TaskFailedException e) {
                                return e.taskName() + "|" + e.details().message();
                              }
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("parent", null));
    assertEquals("double|negative: -3", complete(client, id).readOutput(String.class));
    InstanceMetadata child = await(client.getInstance("child-of-p"));
    assertNotNull(child, "the child is an instance of its own");
    assertEquals(RuntimeStatus.FAILED, child.status());
    assertEquals(IllegalArgumentException.class.getName(), child.failure().type());
  }

  @Test
  void aRetryPolicyStartsAFailedChildAgain() {
    var calls = new AtomicInteger();
    var retry =
        new TaskOptions()
            .setRetryPolicy(
                new RetryPolicy().setMaxAttempts(3).setFirstRetryInterval(Duration.ofMillis(10)));
    DurableClient client =
        fixture
            .start(
                b ->
                    family(b, calls)
                        .addOrchestrator(
                            "parent",
                            ctx ->
                                ctx.callSubOrchestrator(
                                        "flaky_child",
                                        null,
                                        String.class,
                                        new SubOrchestrationOptions()
                                            .setInstanceId("kid")
                                            .setRetryPolicy(retry.getRetryPolicy()))
                                    .await()))
            .client();
    String id = await(client.scheduleNewOrchestration("parent", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("ok in child", done.readOutput(String.class));
    assertEquals(2, calls.get());
  }

  @Test
  void aChildIdThatIsStillRunningAndAnUnknownChildNameFailTheParentsCall() {
    DurableClient client =
        fixture
            .start(
                b ->
                    family(b, new AtomicInteger())
                        .addOrchestrator(
                            "parent",
                            ctx -> {
                              List<String> errors = new ArrayList<>();
                              for (String[] call :
                                  List.of(
                                      new String[] {"waiting_child", "busy"},
                                      new String[] {"no_such", "free-id"})) {
                                try {
                                  ctx.callSubOrchestrator(
                                          call[0],
                                          null,
                                          String.class,
                                          new SubOrchestrationOptions().setInstanceId(call[1]))
                                      .await();
                                } catch (TaskFailedException e) {
                                  errors.add(e.details().message().substring(0, 9));
                                }
                              }
                              return errors;
                            }))
            .client();
    await(
        client.scheduleNewOrchestration(
            "waiting_child", null, new StartOptions().setInstanceId("busy")));
    await(client.waitForInstanceStart("busy", Duration.ofSeconds(30)));
    String id = await(client.scheduleNewOrchestration("parent", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(List.of("BATON-104", "BATON-102"), done.readOutput(List.class));
    assertEquals(RuntimeStatus.RUNNING, await(client.getInstance("busy")).status());
  }

  @Test
  void aTerminatedChildFailsTheParentsCall() {
    DurableClient client =
        fixture
            .start(
                b ->
                    family(b, new AtomicInteger())
                        .addOrchestrator(
                            "parent",
                            ctx -> {
                              try {
                                return ctx.callSubOrchestrator(
                                        "waiting_child",
                                        null,
                                        String.class,
                                        new SubOrchestrationOptions().setInstanceId("doomed"))
                                    .await();
                              } catch (TaskFailedException e) {
                                return e.details().message();
                              }
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("parent", null));
    await(pollStarted(client, "doomed"));
    await(client.terminate("doomed", "stop it"));
    String message = complete(client, id).readOutput(String.class);
    assertTrue(message.contains("Terminated"), message);
    assertTrue(message.contains("stop it"), message);
  }

  @Test
  void aParentWaitingOnItsChildFinishesAfterTheEngineIsReplaced() {
    var calls = new AtomicInteger();
    java.util.function.Consumer<Baton.Builder> setup =
        b ->
            family(b, calls)
                .addOrchestrator(
                    "parent",
                    ctx ->
                        Map.of(
                            "child",
                            ctx.callSubOrchestrator(
                                    "waiting_child",
                                    null,
                                    String.class,
                                    new SubOrchestrationOptions().setInstanceId("sleeper"))
                                .await()));
    Baton first = fixture.start(setup);
    String id = await(first.client().scheduleNewOrchestration("parent", null));
    await(pollStarted(first.client(), "sleeper"));
    await(first.close());
    Baton second = fixture.start(setup);
    await(second.client().raiseEvent("sleeper", "go", "awake"));
    assertEquals(Map.of("child", "awake"), complete(second.client(), id).readOutput(Map.class));
  }

  /** Completes once the instance exists and runs (a child is created by its parent's engine). */
  static io.vertx.core.Future<InstanceMetadata> pollStarted(DurableClient client, String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      InstanceMetadata m = await(client.getInstance(id));
      if (m != null && m.status() != RuntimeStatus.PENDING) {
        return io.vertx.core.Future.succeededFuture(m);
      }
      Thread.onSpinWait();
    }
    return io.vertx.core.Future.failedFuture("instance '" + id + "' did not start in time");
  }
}
