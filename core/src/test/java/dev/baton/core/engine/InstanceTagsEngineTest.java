package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Tags on instances end to end: set at start by a client or a parent, returned with the status,
 * kept across continue-as-new and restart, and used as a query and purge filter.
 */
public abstract class InstanceTagsEngineTest extends EngineTestBase {

  private DurableClient start() {
    return fixture
        .start(
            b ->
                b.addOrchestrator("echo", ctx -> ctx.input(String.class))
                    .addOrchestrator(
                        "twice",
                        ctx -> {
                          int round = ctx.input(Integer.class);
                          if (round < 2) {
                            ctx.continueAsNew(round + 1);
                          }
                          return round;
                        })
                    .addOrchestrator(
                        "parent",
                        ctx ->
                            ctx.callSubOrchestrator(
                                    "echo",
                                    "from parent",
                                    String.class,
                                    new SubOrchestrationOptions()
                                        .setInstanceId("tagged-child")
                                        .setTags(Map.of("origin", "parent", "order", "42")))
                                .await()))
        .client();
  }

  @Test
  void tagsSetAtStartComeBackWithTheStatusAndSurviveContinueAsNewAndRestart() {
    DurableClient client = start();
    Map<String, String> tags = Map.of("tenant", "Grüße & co", "tier", "gold");
    String id =
        await(
            client.scheduleNewOrchestration(
                "twice", 0, new StartOptions().setInstanceId("tagged").setTags(tags)));
    InstanceMetadata done = complete(client, id);
    assertEquals(2, done.readOutput(Integer.class), "it continued as new twice");
    assertEquals(tags, done.tags());
    String again = await(client.restart(id));
    assertEquals(tags, complete(client, again).tags(), "a restart keeps the tags");

    String parent = await(client.scheduleNewOrchestration("parent", null));
    complete(client, parent);
    assertEquals(Map.of(), await(client.getInstance(parent)).tags());
    assertEquals(
        Map.of("origin", "parent", "order", "42"),
        complete(client, "tagged-child").tags(),
        "a child gets the tags its parent gave it");
  }

  @Test
  void queriesAndPurgesSelectByTags() {
    DurableClient client = start();
    for (int i = 0; i < 6; i++) {
      var tags = new HashMap<String, String>();
      tags.put("batch", i < 4 ? "b1" : "b2");
      if (i % 2 == 0) {
        tags.put("even", "yes");
      }
      await(
          client.scheduleNewOrchestration(
              "echo", "n" + i, new StartOptions().setInstanceId("q-" + i).setTags(tags)));
    }
    for (int i = 0; i < 6; i++) {
      complete(client, "q-" + i);
    }
    assertEquals(
        List.of("q-0", "q-2"),
        ids(client, new InstanceQuery().setTags(Map.of("batch", "b1", "even", "yes"))));
    assertEquals(
        List.of("q-4", "q-5"),
        ids(client, new InstanceQuery().setInstanceIdPrefix("q-").setTags(Map.of("batch", "b2"))));
    var paged =
        await(
            client.queryInstances(
                new InstanceQuery().setTags(Map.of("even", "yes")).setPageSize(1)));
    assertEquals(1, paged.instances().size());

    assertEquals(
        2, await(client.purgeInstances(new InstanceQuery().setTags(Map.of("batch", "b2")))));
    assertEquals(
        List.of("q-0", "q-1", "q-2", "q-3"),
        ids(client, new InstanceQuery().setInstanceIdPrefix("q-")));
  }

  @Test
  void badTagsAreRefusedBeforeAnythingIsStarted() {
    var nullValue = new HashMap<String, String>();
    nullValue.put("k", null);
    List<Executable> bad =
        List.of(
            () -> new StartOptions().setTags(Map.of(" ", "v")),
            () -> new StartOptions().setTags(nullValue),
            () -> new StartOptions().setTags(Map.of("k", "x".repeat(16_001))),
            () -> new StartOptions(new JsonObject().put("tags", new JsonObject().put("n", 1))),
            () -> new SubOrchestrationOptions().setTags(Map.of("", "v")),
            () -> new InstanceQuery().setTags(nullValue));
    for (Executable e : bad) {
      assertEquals(
          ErrorCode.INVALID_ARGUMENT, assertThrows(BatonException.class, e).code(), e.toString());
    }
    assertEquals(
        Map.of("n", "1"),
        new StartOptions(new StartOptions().setTags(Map.of("n", "1")).toJson()).getTags());
  }

  private static List<String> ids(DurableClient client, InstanceQuery query) {
    List<String> ids = new java.util.ArrayList<>();
    String token = null;
    do {
      var page = await(client.queryInstances(query.setContinuationToken(token)));
      page.instances().forEach(m -> ids.add(m.instanceId()));
      token = page.continuationToken();
    } while (token != null);
    return ids;
  }
}
