package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.TestEntities.awaitEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.orchestration.TaskFailedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entities driven by clients and orchestrations: state, signals, calls, failures. */
public abstract class EntityEngineTest extends EngineTestBase {

  static long counterValue(EntityMetadata m) {
    return m.readState(TestEntities.Counter.class).value;
  }

  static EntityMetadata awaitCounter(DurableClient client, EntityId id, long expected) {
    return awaitEntity(client, id, m -> counterValue(m) == expected);
  }

  @Test
  void clientSignalsAreAppliedAndTheStateIsReadBack() {
    Baton baton = fixture.start(TestEntities::register);
    DurableClient client = baton.client();
    EntityId id = EntityId.of("Counter", "c1");
    assertEquals("counter", id.name(), "entity names ignore case");
    Instant before = Instant.now();
    for (int i = 1; i <= 100; i++) {
      await(client.signalEntity(id, "add", i));
    }
    EntityMetadata m = awaitCounter(client, id, 5050);
    assertEquals(id, m.id());
    assertTrue(m.hasState());
    assertNull(m.lockedBy());
    assertFalse(m.lastOperationTime().isBefore(before.minusSeconds(1)));
    EntityMetadata withoutState = await(client.getEntity(id, false));
    assertNull(withoutState.state());
    assertEquals(m.lastOperationTime(), withoutState.lastOperationTime());
    assertNull(await(client.getEntity(EntityId.of("counter", "never"), true)));
  }

  @Test
  void anOrchestrationCallsAndSignalsEntities() {
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "use_counter",
                        ctx -> {
                          EntityId id = EntityId.of("counter", ctx.input(String.class));
                          ctx.signalEntity(id, "add", 5);
                          ctx.callEntity(id, "add", 10, Void.class).await();
                          return ctx.callEntity(id, "get", null, Long.class).await();
                        }));
    DurableClient client = baton.client();
    String instance = await(client.scheduleNewOrchestration("use_counter", "k"));
    InstanceMetadata done = complete(client, instance);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals(15L, done.readOutput(Long.class), "the signal ran before the calls that followed");
  }

  @Test
  void aFailedOperationIsRolledBackAndLaterOperationsStillRun() {
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "fail_then_add",
                        ctx -> {
                          EntityId id = EntityId.of("counter", "rollback");
                          ctx.callEntity(id, "add", 1, Void.class).await();
                          String failure;
                          try {
                            ctx.callEntity(id, "addThenFail", 100, Void.class).await();
                            failure = "none";
                          } catch (TaskFailedException e) {
                            failure = e.details().type() + ": " + e.details().message();
                          }
                          ctx.signalEntity(id, "addThenFail", 1000);
                          long value = ctx.callEntity(id, "get", null, Long.class).await();
                          return Map.of("failure", failure, "value", value);
                        }));
    DurableClient client = baton.client();
    InstanceMetadata done =
        complete(client, await(client.scheduleNewOrchestration("fail_then_add", null)));
    @SuppressWarnings("unchecked")
    Map<String, Object> out = done.readOutput(Map.class);
    assertEquals("java.lang.IllegalStateException: refused 100", out.get("failure"));
    assertEquals(1, ((Number) out.get("value")).intValue(), "both failed additions rolled back");
  }

  @Test
  void entitiesSignalEntitiesAndStartOrchestrations() {
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator("hello", ctx -> "hello " + ctx.input(String.class))
                    .addEntity(
                        "starter",
                        ctx -> {
                          String id =
                              ctx.startNewOrchestration(
                                  "hello", ctx.input(String.class), "started-by-entity");
                          ctx.setState(id);
                          return id;
                        }));
    DurableClient client = baton.client();
    await(
        client.signalEntity(
            EntityId.of("list", "source"), "forward", Map.of("to", "target", "value", "x")));
    awaitEntity(
        client, EntityId.of("list", "target"), m -> List.of("x").equals(m.readState(List.class)));
    await(client.signalEntity(EntityId.of("starter", "s"), "go", "world"));
    TestEntities.awaitTrue(
        "the orchestration started by the entity exists",
        () -> await(client.getInstance("started-by-entity", false)) != null);
    InstanceMetadata done = complete(client, "started-by-entity");
    assertEquals("hello world", done.readOutput(String.class));
  }

  @Test
  void deletedStateMakesTheEntityDisappear() {
    Baton baton = fixture.start(TestEntities::register);
    DurableClient client = baton.client();
    EntityId id = EntityId.of("list", "gone");
    await(client.signalEntity(id, "append", 1));
    awaitEntity(client, id, m -> m.hasState());
    await(client.signalEntity(id, "delete", null));
    TestEntities.awaitTrue("the entity is gone", () -> await(client.getEntity(id, true)) == null);
    await(client.signalEntity(id, "append", 2));
    awaitEntity(client, id, m -> List.of(2).equals(m.readState(List.class)));
  }

  @Test
  void stateLargerThanATablePropertyIsKept() {
    Baton baton = fixture.start(TestEntities::register);
    DurableClient client = baton.client();
    EntityId id = EntityId.of("list", "large");
    String paragraph = "Lorem ipsum dolor sit amet, ".repeat(40);
    int count = 100; // about 110 KiB
    for (int i = 0; i < count; i++) {
      await(client.signalEntity(id, "append", i + " " + paragraph));
    }
    EntityMetadata m = awaitEntity(client, id, e -> e.readState(List.class).size() == count);
    assertTrue(m.state().length() > 64 * 1024, "state is " + m.state().length() + " chars");
    assertEquals("99 " + paragraph, m.readState(List.class).get(99));
    assertNotNull(m.lastOperationTime());
  }
}
