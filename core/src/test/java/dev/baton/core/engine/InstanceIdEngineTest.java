package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityQuery;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Instance ids and entity keys holding {@code / \ # ?}, {@code ^} and control characters, which
 * Azure Tables cannot hold in a key, work on every backend through the whole path: start, status,
 * history, raise event, terminate, purge, query by prefix, sub-orchestrations, payloads large
 * enough to be offloaded, entity signals, state and queries.
 */
public abstract class InstanceIdEngineTest extends EngineTestBase {

  /** Ids with each character a table key cannot hold, the escape character, and plain ones. */
  protected static final List<String> IDS =
      List.of(
          "order/42",
          "back\\slash",
          "hash#tag",
          "what?now",
          "caret^0",
          "tab\tand\u0001bell\u007f",
          "all/\\#?^\u0000");

  private static final String BIG = "p".repeat(100_000);

  private DurableClient start() {
    return fixture
        .start(
            b ->
                TestEntities.register(b)
                    .addActivity("echo", ctx -> ctx.input(String.class))
                    .addOrchestrator(
                        "event",
                        ctx -> {
                          String input = ctx.input(String.class);
                          String got = ctx.waitForExternalEvent("go", String.class).await();
                          return input.length() + ":" + got;
                        })
                    .addOrchestrator(
                        "parent",
                        ctx ->
                            ctx.callSubOrchestrator(
                                    "child",
                                    ctx.instanceId(),
                                    String.class,
                                    new SubOrchestrationOptions()
                                        .setInstanceId(ctx.instanceId() + "/child#?"))
                                .await())
                    .addOrchestrator(
                        "child",
                        ctx ->
                            ctx.callActivity(
                                    "echo", "child of " + ctx.input(String.class), String.class)
                                .await()))
        .client();
  }

  @Test
  void idsWithAnyCharacterStartReportTheirStatusAndHistoryAndTakeEvents() {
    DurableClient client = start();
    for (String id : IDS) {
      assertEquals(
          id,
          await(
              client.scheduleNewOrchestration("event", BIG, new StartOptions().setInstanceId(id))));
    }
    for (String id : IDS) {
      await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
      await(client.raiseEvent(id, "go", "x" + BIG));
    }
    for (String id : IDS) {
      InstanceMetadata done = complete(client, id);
      assertEquals(RuntimeStatus.COMPLETED, done.status(), id);
      assertEquals(id, done.instanceId());
      assertEquals(BIG.length() + ":x" + BIG, done.readOutput(String.class), id);
      assertEquals(BIG, done.readInput(String.class), id);
      List<HistoryEvent> history = await(client.getInstanceHistory(id));
      assertTrue(
          history.stream().anyMatch(e -> e instanceof HistoryEvent.EventRaised),
          history.toString());
    }
    var page = await(client.queryInstances(new InstanceQuery().setInstanceIdPrefix("order/")));
    assertEquals(
        List.of("order/42"), page.instances().stream().map(InstanceMetadata::instanceId).toList());
    for (String id : IDS) {
      assertTrue(await(client.purgeInstance(id)), id);
      assertNull(await(client.getInstance(id)), id);
      var gone = (BatonException) EngineFixture.failure(client.getInstanceHistory(id));
      assertEquals(ErrorCode.INSTANCE_NOT_FOUND, gone.code(), id);
    }
  }

  @Test
  void suchIdsCanBeTerminatedAndNameSubOrchestrations() {
    DurableClient client = start();
    String waiting = "wait/for?ever#\u0002";
    await(
        client.scheduleNewOrchestration("event", "in", new StartOptions().setInstanceId(waiting)));
    await(client.waitForInstanceStart(waiting, Duration.ofSeconds(30)));
    await(client.terminate(waiting, "stop/now"));
    assertEquals(RuntimeStatus.TERMINATED, complete(client, waiting).status());

    String parent = "p/a\\r#e?n^t";
    await(
        client.scheduleNewOrchestration("parent", null, new StartOptions().setInstanceId(parent)));
    assertEquals("child of " + parent, complete(client, parent).readOutput(String.class));
    InstanceMetadata child = complete(client, parent + "/child#?");
    assertEquals(RuntimeStatus.COMPLETED, child.status());
    assertEquals(
        2,
        await(
            client.purgeInstance(
                parent, new dev.baton.core.client.PurgeInstanceOptions().setRecursive(true))));
    assertNull(await(client.getInstance(parent + "/child#?")));
  }

  @Test
  void entityKeysWithAnyCharacterKeepTheirOwnState() {
    DurableClient client = start();
    for (int i = 0; i < IDS.size(); i++) {
      await(client.signalEntity(EntityId.of("counter", IDS.get(i)), "add", i + 1));
    }
    // "caret^0" and "caret/" differ only in what escaping would make of them
    await(client.signalEntity(EntityId.of("counter", "caret/"), "add", 100));
    for (int i = 0; i < IDS.size(); i++) {
      long expected = i + 1;
      var state =
          TestEntities.awaitEntity(
              client,
              EntityId.of("counter", IDS.get(i)),
              m -> m.readState(TestEntities.Counter.class).value == expected);
      assertEquals(IDS.get(i), state.id().key());
    }
    TestEntities.awaitEntity(
        client,
        EntityId.of("counter", "caret/"),
        m -> m.readState(TestEntities.Counter.class).value == 100);
    var page =
        await(client.queryEntities(new EntityQuery().setNamePrefix("counter").setPageSize(100)));
    var keys = page.entities().stream().map(m -> m.id().key()).toList();
    for (String id : IDS) {
      assertTrue(keys.contains(id), id + " in " + keys);
    }
    assertFalse(keys.contains("caret^^0"), "keys are listed as given, never escaped: " + keys);
  }

  @Test
  void anIdHoldingLineBreaksIsLoggedEscapedSoItCannotForgeALogLine() {
    DurableClient client = start();
    EntityId entity = EntityId.of("counter", "forged\nSEVERE: the disk is on fire\r\u2028x");
    String escaped = "@counter@forged\\u000aSEVERE: the disk is on fire\\u000d\\u2028x";
    try (var log = CapturedLog.of("dev.baton")) {
      // a failing signal is logged as a warning that names the entity's instance id
      await(client.signalEntity(entity, "addThenFail", 1));
      TestEntities.awaitTrue(
          "the failed signal is logged",
          () -> log.messages().stream().anyMatch(m -> m.contains("(a signal) failed")));
      String failed =
          log.messages().stream().filter(m -> m.contains("(a signal) failed")).findFirst().get();
      assertTrue(failed.contains("'" + escaped + "'"), failed);
      assertFalse(failed.contains("\n") || failed.contains("\r"), failed);
      for (String m : log.messages()) {
        assertFalse(m.contains(entity.instanceId()), "the raw id is in " + m);
      }
    }
  }
}
