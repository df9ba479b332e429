package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.TestEntities.awaitEntity;
import static dev.baton.core.engine.TestEntities.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.client.DurableClient;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.GetEntityOptions;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.impl.Partitioning;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import org.junit.jupiter.api.Test;

/**
 * An entity's status row under a stale owner: an engine that committed an entity's snapshot but
 * whose row write lands only after the partition moved and the new owner committed later ones must
 * not put its older row over theirs, as orchestration rows are kept (the row carries the snapshot's
 * position and is written under its ETag); nor may a late row write bring back a row purged
 * meanwhile.
 */
public abstract class EntityRowEngineTest extends EngineTestBase {

  /** A counter key whose partition is one the first engine hands over when a second one joins. */
  private static EntityId movingCounter() {
    for (int i = 0; ; i++) {
      EntityId id = EntityId.of("counter", "moving" + i);
      if (Partitioning.partitionOf(id.instanceId(), 4) >= 2) {
        return id;
      }
    }
  }

  private static long value(EntityMetadata m) {
    return m.readState(TestEntities.Counter.class).value;
  }

  @Test
  void aStaleOwnersLateRowWriteDoesNotOverwriteTheNewOwnersRow() {
    EntityId id = movingCounter();
    int partition = Partitioning.partitionOf(id.instanceId(), 4);
    var faults = new FaultBackend(fixture.backend(), 3);
    Baton first =
        fixture.start(
            fixture.options().setEngineId("a"), b -> TestEntities.register(b.backend(faults)));
    awaitTrue("the first engine owns every partition", () -> first.ownedPartitions().size() == 4);
    DurableClient client = first.client();
    await(client.signalEntity(id, "add", 1));
    awaitEntity(client, id, m -> value(m) == 1);

    // the first engine commits the next snapshot, and its row write is held back
    faults.add(
        Rule.first(1, Fault.HOLD, StoreCall.ROW_UPDATE, StoreCall.ROW_INSERT)
            .when(
                args ->
                    args[0] instanceof InstanceRecord r && r.instanceId().equals(id.instanceId())));
    await(client.signalEntity(id, "add", 2));
    awaitTrue("the row write of 'add 2' is held", () -> faults.heldCalls() == 1);

    // a second engine joins: the entity's partition moves to it, which applies what follows
    Baton second = fixture.start(fixture.options().setEngineId("b"), TestEntities::register);
    awaitTrue(
        "the entity's partition moved",
        () ->
            second.ownedPartitions().contains(partition)
                && !first.ownedPartitions().contains(partition));
    await(second.client().signalEntity(id, "add", 10));
    EntityMetadata newest = awaitEntity(second.client(), id, m -> value(m) == 13);
    TaskHubStore hub = fixture.hub();
    awaitTrue("the new owner's row is written", () -> rowAgreesWithSnapshot(hub, id));

    await(faults.releaseHeld()); // the stale owner's row write lands now
    assertTrue(
        rowAgreesWithSnapshot(hub, id),
        "the row still shows the newest snapshot: " + await(hub.instances().get(id.instanceId())));
    EntityMetadata listed =
        await(second.client().getEntity(id, new GetEntityOptions().setIncludeState(false)));
    assertEquals(newest.lastOperationTime(), listed.lastOperationTime());

    await(second.client().signalEntity(id, "add", 100));
    awaitEntity(second.client(), id, m -> value(m) == 113);
    awaitTrue("the row follows the entity again", () -> rowAgreesWithSnapshot(hub, id));
  }

  @Test
  void aLateRowWriteDoesNotBringBackAPurgedRow() {
    EntityId id = movingCounter();
    var faults = new FaultBackend(fixture.backend(), 5);
    Baton first = fixture.start(b -> TestEntities.register(b.backend(faults)));
    DurableClient client = first.client();
    await(client.signalEntity(id, "add", 1));
    awaitEntity(client, id, m -> value(m) == 1);
    TaskHubStore hub = fixture.hub();
    awaitTrue("the first row is written", () -> rowAgreesWithSnapshot(hub, id));

    faults.add(
        Rule.first(1, Fault.HOLD, StoreCall.ROW_UPDATE, StoreCall.ROW_INSERT)
            .when(
                args ->
                    args[0] instanceof InstanceRecord r && r.instanceId().equals(id.instanceId())));
    await(client.signalEntity(id, "add", 2));
    awaitTrue("the row write of 'add 2' is held", () -> faults.heldCalls() == 1);
    // meanwhile the entity is purged: its history and row deleted
    await(hub.history().delete(id.instanceId()));
    assertTrue(await(hub.instances().delete(id.instanceId())));

    await(faults.releaseHeld()); // the late row write lands now
    assertEquals(null, await(hub.instances().get(id.instanceId())), "the purged row stays gone");
  }

  /** Whether the entity's row shows its stored snapshot: last operation time and position. */
  private static boolean rowAgreesWithSnapshot(TaskHubStore hub, EntityId id) {
    var row = await(hub.instances().get(id.instanceId()));
    var history = await(hub.history().load(id.instanceId())).events();
    if (row == null || history.size() != 1 || !(history.getFirst() instanceof EntitySnapshot s)) {
      return false;
    }
    return row.value().lastUpdatedAt().equals(s.lastOperationAt());
  }
}
