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
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entities driven by clients and orchestrations: state, signals, calls, failures. */
public abstract class EntityEngineTest extends EngineTestBase {

  /**
   * How many signals {@link #manySignalsFromManySendersGiveTheExactCount} sends to one entity, a
   * multiple of 20, split evenly among 16 orchestrations and 4 client threads. A binding on a store
   * whose every message costs HTTP requests sends fewer, so the test takes seconds there too.
   */
  protected int loadSignals() {
    return 10_000;
  }

  static long counterValue(EntityMetadata m) {
    return m.readState(TestEntities.Counter.class).value;
  }

  static EntityMetadata awaitCounter(DurableClient client, EntityId id, long expected) {
    return awaitEntity(client, id, m -> counterValue(m) == expected);
  }

  @Test
  void aClientMaySignalTheUnnamedOperationAndTheEntitySeesItsEmptyName() {
    Baton baton = fixture.start(TestEntities::register);
    DurableClient client = baton.client();
    EntityId id = EntityId.of("list", "unnamed");
    await(client.signalEntity(id, "", "first"));
    await(client.signalEntity(id, "append", "second"));
    EntityMetadata m =
        awaitEntity(client, id, e -> e.hasState() && e.readState(List.class).size() == 2);
    assertEquals(List.of("unnamed first", "second"), m.readState(List.class));
    for (String bad : new String[] {null, " ", "\t"}) {
      Throwable t = EngineFixture.failure(client.signalEntity(id, bad, 1));
      assertEquals(ErrorCode.INVALID_ARGUMENT, ((BatonException) t).code(), String.valueOf(bad));
    }
  }

  @Test
  void theEntityWithTheEmptyKeyKeepsItsStateApartFromTheOthers() {
    Baton baton = fixture.start(TestEntities::register);
    DurableClient client = baton.client();
    EntityId empty = EntityId.of("counter", "");
    EntityId other = EntityId.of("counter", "x");
    assertEquals("@counter@", empty.instanceId());
    await(client.signalEntity(empty, "add", 5));
    await(client.signalEntity(other, "add", 7));
    await(client.signalEntity(empty, "add", 1));
    awaitCounter(client, empty, 6);
    awaitCounter(client, other, 7);
    var page =
        await(
            client.queryEntities(new dev.baton.core.entity.EntityQuery().setNamePrefix("counter")));
    assertTrue(
        page.entities().stream().anyMatch(m -> m.id().equals(empty)),
        "the query lists it: " + page.entities());
    await(client.signalEntity(empty, "reset", null));
    awaitCounter(client, empty, 0);
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
    // the status row is written after the history, so it may still be a commit behind
    EntityMetadata withoutState =
        awaitEntity(client, id, false, e -> m.lastOperationTime().equals(e.lastOperationTime()));
    assertNull(withoutState.state());
    assertEquals(m.lastOperationTime(), withoutState.lastOperationTime());
    assertNull(await(client.getEntity(EntityId.of("counter", "never"))));
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
        () -> await(client.getInstance("started-by-entity")) != null);
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
    TestEntities.awaitTrue("the entity is gone", () -> await(client.getEntity(id)) == null);
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

  @Test
  void manySignalsFromManySendersGiveTheExactCount() throws Exception {
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "add_many",
                        ctx -> {
                          EntityId id = EntityId.of("counter", "hot");
                          int n = ctx.input(Integer.class);
                          for (int i = 0; i < n; i++) {
                            ctx.signalEntity(id, "add", 1);
                          }
                          return n;
                        }));
    DurableClient client = baton.client();
    EntityId hot = EntityId.of("counter", "hot");
    int orchestrations = 16;
    int threadCount = 4;
    int total = loadSignals();
    assertEquals(0, total % (orchestrations + threadCount), "the senders share the load evenly");
    int each = total / (orchestrations + threadCount);
    List<String> senders = new ArrayList<>();
    for (int i = 0; i < orchestrations; i++) {
      senders.add(await(client.scheduleNewOrchestration("add_many", each)));
    }
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    List<Future<Void>> sent = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                      sent.add(client.signalEntity(hot, "add", 1));
                    }
                    await(Future.all(sent));
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    for (String id : senders) {
      assertEquals(RuntimeStatus.COMPLETED, complete(client, id).status());
    }
    awaitCounter(client, hot, total);
  }

  @Test
  void duplicatedAndRedeliveredSignalsRunOnceEachInTheOrderEachSenderSentThem() {
    var chaos = new ChaosBackend(fixture.backend(), 11);
    Baton baton =
        fixture.start(
            fixture.options().setVisibilityTimeout(Duration.ofMillis(700)),
            b ->
                TestEntities.register(b.backend(chaos))
                    .addOrchestrator(
                        "append_many",
                        ctx -> {
                          EntityId id = EntityId.of("list", "ordered");
                          for (int i = 0; i < 60; i++) {
                            ctx.signalEntity(id, "append", "o" + i);
                          }
                          return ctx.callEntity(id, "append", "o-last", Integer.class).await();
                        }));
    DurableClient client = baton.client();
    EntityId id = EntityId.of("list", "ordered");
    String orchestration = await(client.scheduleNewOrchestration("append_many", null));
    for (int i = 0; i < 40; i++) {
      await(client.signalEntity(id, "append", "c" + i));
    }
    assertEquals(RuntimeStatus.COMPLETED, complete(client, orchestration).status());
    awaitEntity(client, id, e -> e.readState(List.class).size() >= 101);
    TaskHubStore hub = fixture.hub();
    // Every message is gone but the parked ones: an entity's wake-up for a gap in a sender's
    // numbering (a queue that does not keep order delivers a signal before an earlier one) stays
    // queued, invisible, until the reorder window ends, after the gap has filled.
    TestEntities.awaitTrue(
        "every lost delete was redelivered and dropped as a duplicate",
        () -> {
          long parked = chaos.parked.get(); // read first: a message is queued before it counts
          long queued = 0;
          for (int p = 0; p < hub.partitionCount(); p++) {
            queued += await(hub.controlQueue(p).approximateCount());
          }
          return queued == parked;
        });
    assertTrue(chaos.deletesDropped.get() > 0, "some messages came back");
    EntityMetadata m = await(client.getEntity(id));
    @SuppressWarnings("unchecked")
    List<String> items = m.readState(List.class);
    List<String> fromOrchestration = new ArrayList<>();
    List<String> fromClient = new ArrayList<>();
    for (String item : items) {
      (item.startsWith("o") ? fromOrchestration : fromClient).add(item);
    }
    List<String> expectedO = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      expectedO.add("o" + i);
    }
    expectedO.add("o-last");
    List<String> expectedC = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      expectedC.add("c" + i);
    }
    assertEquals(expectedO, fromOrchestration, "each once, in the order sent");
    assertEquals(expectedC, fromClient, "each once, in the order sent");
    assertTrue(chaos.duplicatesSent.get() > 0);
  }

  @Test
  void scheduledSignalsRunAtTheirTime() {
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addEntity(
                        "alarm",
                        ctx -> {
                          if (ctx.operationName().equals("arm")) {
                            ctx.signalEntity(
                                EntityId.of("list", "alarms"),
                                "append",
                                "rang",
                                Instant.now().plusMillis(300));
                          }
                          return null;
                        }));
    DurableClient client = baton.client();
    EntityId list = EntityId.of("list", "alarms");
    Instant start = Instant.now();
    // "later" is due well after "rang" (armed 300 ms after the arm runs), so a loaded machine that
    // runs the arm late still sees them in this order
    await(client.signalEntity(list, "append", "later", start.plusMillis(1500)));
    await(client.signalEntity(list, "append", "now"));
    await(client.signalEntity(EntityId.of("alarm", "1"), "arm", null));
    EntityMetadata m = awaitEntity(client, list, e -> e.readState(List.class).size() == 3);
    assertEquals(List.of("now", "rang", "later"), m.readState(List.class));
    assertTrue(
        Duration.between(start, m.lastOperationTime()).toMillis() >= 1490,
        "the last ran at its time");
  }

  @Test
  void badInputGetsClearErrorsAndLeavesTheStateAlone() {
    EntityId id = EntityId.of("counter", "guarded");
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "bad_calls",
                        ctx -> {
                          ctx.callEntity(id, "add", 7, Void.class).await();
                          List<String> errors = new ArrayList<>();
                          errors.add(
                              failure(
                                  ctx.callEntity(
                                      EntityId.of("nobody", "x"), "add", 1, Void.class)));
                          errors.add(failure(ctx.callEntity(id, "multiply", 2, Void.class)));
                          errors.add(failure(ctx.callEntity(id, "add", "seven", Void.class)));
                          errors.add(failure(ctx.callEntity(id, "add", null, Void.class)));
                          errors.add(failure(ctx.callEntity(id, "get", null, Map.class)));
                          errors.add(
                              "value " + ctx.callEntity(id, "get", null, Long.class).await());
                          return errors;
                        }));
    DurableClient client = baton.client();
    InstanceMetadata done =
        complete(client, await(client.scheduleNewOrchestration("bad_calls", null)));
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    @SuppressWarnings("unchecked")
    List<String> errors = done.readOutput(List.class);
    assertTrue(errors.get(0).contains("BATON-201 unknown entity 'nobody'"), errors.get(0));
    assertTrue(
        errors.get(1).contains("BATON-202 entity 'counter' has no operation 'multiply'"),
        errors.get(1));
    assertTrue(errors.get(1).contains("[add, addthenfail, get, reset]"), errors.get(1));
    assertTrue(errors.get(2).contains("BATON-107"), errors.get(2));
    assertTrue(
        errors.get(3).contains("BATON-107")
            && errors.get(3).contains("needs an input of type long"),
        errors.get(3));
    assertTrue(errors.get(4).contains("BATON-107"), "a result of the wrong type: " + errors.get(4));
    assertEquals("value 7", errors.get(5), "the state survived every bad call");

    Throwable unknown =
        EngineFixture.failure(client.signalEntity(EntityId.of("nobody", "x"), "add", 1));
    assertEquals(ErrorCode.UNKNOWN_ENTITY, ((BatonException) unknown).code());
    Throwable blank = EngineFixture.failure(client.signalEntity(id, " ", 1));
    assertEquals(ErrorCode.INVALID_ARGUMENT, ((BatonException) blank).code());
    Throwable entityId =
        EngineFixture.failure(
            client.scheduleNewOrchestration(
                "bad_calls", null, new StartOptions().setInstanceId("@counter@guarded")));
    assertEquals(ErrorCode.INVALID_INSTANCE_ID, ((BatonException) entityId).code());
    assertEquals(7L, counterValue(await(client.getEntity(id))));
  }

  private static String failure(Task<?> task) {
    try {
      task.await();
      return "no failure";
    } catch (BatonException e) {
      return e.getMessage();
    }
  }
}
