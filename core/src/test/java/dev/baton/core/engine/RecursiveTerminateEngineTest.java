package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.PurgeInstanceOptions;
import dev.baton.core.client.StartOptions;
import dev.baton.core.client.TerminateOptions;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recursive terminate and purge over a tree: a root with a child that finished at once ("quick"), a
 * child still running ("mid") and a grandchild below it that waits for an event ("grand").
 */
public abstract class RecursiveTerminateEngineTest extends EngineTestBase {

  private static final TerminateOptions RECURSIVE = new TerminateOptions().setRecursive(true);

  private DurableClient start() {
    return fixture
        .start(
            b ->
                b.addOrchestrator("quick", ctx -> "quick done")
                    .addOrchestrator(
                        "grand", ctx -> ctx.waitForExternalEvent("go", String.class).await())
                    .addOrchestrator(
                        "mid",
                        ctx ->
                            "mid saw "
                                + ctx.callSubOrchestrator(
                                        "grand", null, String.class, child(ctx, "grand"))
                                    .await())
                    .addOrchestrator(
                        "spawner",
                        ctx -> {
                          // starts a child and ends without waiting for it
                          ctx.callSubOrchestrator("grand", null, String.class, child(ctx, "grand"));
                          return "spawned";
                        })
                    .addOrchestrator(
                        "root",
                        ctx -> {
                          String middle = ctx.input(String.class);
                          ctx.callSubOrchestrator("quick", null, String.class, child(ctx, "quick"))
                              .await();
                          String out =
                              ctx.callSubOrchestrator(
                                      middle, null, String.class, child(ctx, middle))
                                  .await();
                          if (middle.equals("spawner")) {
                            ctx.waitForExternalEvent("end", String.class).await();
                          }
                          return out;
                        }))
        .client();
  }

  private static SubOrchestrationOptions child(
      dev.baton.core.orchestration.OrchestrationContext ctx, String name) {
    return new SubOrchestrationOptions().setInstanceId(ctx.instanceId() + "-" + name);
  }

  private static String tree(DurableClient client, String root, String middle) {
    await(client.scheduleNewOrchestration("root", middle, new StartOptions().setInstanceId(root)));
    String grand = root + "-" + middle + "-grand";
    TestEntities.awaitTrue(grand + " runs", () -> status(client, grand) == RuntimeStatus.RUNNING);
    return grand;
  }

  private static RuntimeStatus status(DurableClient client, String id) {
    InstanceMetadata m = await(client.getInstance(id));
    return m == null ? null : m.status();
  }

  @Test
  void aPlainTerminateLeavesTheChildrenRunning() {
    DurableClient client = start();
    String grand = tree(client, "plain", "mid");
    await(client.terminate("plain", "stop", new TerminateOptions()));
    assertEquals(RuntimeStatus.TERMINATED, complete(client, "plain").status());
    assertEquals(RuntimeStatus.RUNNING, status(client, "plain-mid"));
    assertEquals(RuntimeStatus.RUNNING, status(client, grand));
    // still alive: the grandchild answers, and its parent completes with what it returned
    await(client.raiseEvent(grand, "go", "hi"));
    assertEquals("mid saw hi", complete(client, "plain-mid").readOutput(String.class));

    // a recursive purge of the root: every descendant has finished now
    assertEquals(
        4, await(client.purgeInstance("plain", new PurgeInstanceOptions().setRecursive(true))));
    for (String id : List.of("plain", "plain-quick", "plain-mid", grand)) {
      assertNull(await(client.getInstance(id)), id + " is purged");
    }
  }

  @Test
  void aRecursiveTerminateReachesEveryDescendantAndLeavesFinishedOnesAsTheyWere() {
    DurableClient client = start();
    String grand = tree(client, "deep", "mid");
    await(client.terminate("deep", "stop all", RECURSIVE));
    for (String id : List.of("deep", "deep-mid", grand)) {
      InstanceMetadata m = complete(client, id);
      assertEquals(RuntimeStatus.TERMINATED, m.status(), id);
      assertEquals("stop all", m.readOutput(String.class), id);
    }
    InstanceMetadata quick = await(client.getInstance("deep-quick"));
    assertEquals(RuntimeStatus.COMPLETED, quick.status());
    assertEquals("quick done", quick.readOutput(String.class));

    // a plain purge takes the instance only; a recursive one the rest of the tree
    assertEquals(1, await(client.purgeInstance(grand, new PurgeInstanceOptions())));
    assertEquals(
        3, await(client.purgeInstance("deep", new PurgeInstanceOptions().setRecursive(true))));
    assertNull(await(client.getInstance("deep-mid")));
    assertNull(await(client.getInstance("deep-quick")));
  }

  @Test
  void aRecursiveTerminateReachesTheChildOfAFinishedChild() {
    DurableClient client = start();
    String grand = tree(client, "orphan", "spawner");
    assertEquals(RuntimeStatus.COMPLETED, complete(client, "orphan-spawner").status());
    await(client.terminate("orphan", "stop", RECURSIVE));
    assertEquals(RuntimeStatus.TERMINATED, complete(client, "orphan").status());
    assertEquals(RuntimeStatus.TERMINATED, complete(client, grand).status());
    assertEquals(RuntimeStatus.COMPLETED, status(client, "orphan-spawner"));
  }

  @Test
  void aRecursivePurgePurgesNothingWhileADescendantRuns() {
    DurableClient client = start();
    String grand = tree(client, "busy", "mid");
    await(client.terminate("busy", "stop"));
    complete(client, "busy");
    var refused =
        (BatonException)
            failure(client.purgeInstance("busy", new PurgeInstanceOptions().setRecursive(true)));
    assertEquals(ErrorCode.INVALID_STATE, refused.code());
    assertTrue(refused.getMessage().contains("busy-mid"), refused.getMessage());
    for (String id : List.of("busy", "busy-quick", "busy-mid", grand)) {
      assertFalse(await(client.getInstance(id)) == null, id + " is kept");
    }
    await(client.terminate("busy-mid", "stop", RECURSIVE));
    assertEquals(RuntimeStatus.TERMINATED, complete(client, grand).status());
    assertEquals(
        4, await(client.purgeInstance("busy", new PurgeInstanceOptions().setRecursive(true))));
  }

  @Test
  void badInputIsRefusedWithAClearError() {
    DurableClient client = start();
    var recursivePurge = new PurgeInstanceOptions().setRecursive(true);
    assertEquals(ErrorCode.INVALID_INSTANCE_ID, code(client.terminate(" a", "x", RECURSIVE)));
    assertEquals(ErrorCode.INSTANCE_NOT_FOUND, code(client.terminate("nobody", "x", RECURSIVE)));
    assertEquals(ErrorCode.INVALID_INSTANCE_ID, code(client.purgeInstance("a ", recursivePurge)));
    assertEquals(0, await(client.purgeInstance("nobody", recursivePurge)));

    String grand = tree(client, "bad", "mid");
    assertEquals(ErrorCode.INVALID_STATE, code(client.purgeInstance("bad", recursivePurge)));
    assertEquals(ErrorCode.INVALID_STATE, code(client.purgeInstance("bad", null)));
    await(client.terminate("bad", "stop", null)); // null options: a plain terminate
    complete(client, "bad");
    assertEquals(ErrorCode.INVALID_STATE, code(client.terminate("bad", "again", RECURSIVE)));
    assertEquals(RuntimeStatus.RUNNING, status(client, grand), "a refused terminate sent nothing");

    assertTrue(new TerminateOptions(new JsonObject().put("recursive", true)).isRecursive());
    assertFalse(new TerminateOptions(new JsonObject()).isRecursive());
    assertEquals(
        new JsonObject().put("recursive", true),
        new PurgeInstanceOptions(recursivePurge.toJson()).toJson());
  }

  private static ErrorCode code(io.vertx.core.Future<?> f) {
    return ((BatonException) failure(f)).code();
  }
}
