package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.impl.InstanceMachine.LoadHistory;
import dev.baton.core.impl.InstanceMachine.RunEpisode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An instance id picks its slot's kind, and each kind runs on its own transition table: an entity
 * runs batches of operations, an orchestration loads its history first.
 */
class InstanceSlotTest {

  @Test
  void anEntityIdMakesAnEntitySlotThatRunsBatchesOfItsOperations() {
    InstanceSlot slot = InstanceSlot.of("@counter@a", 2, true);
    EntitySlot entity = assertInstanceOf(EntitySlot.class, slot);
    assertTrue(slot.machine.isEntity());
    assertEquals(
        List.of(new RunEpisode(List.of("m1", "m2"))),
        slot.machine.on(new InstanceMachine.Arrived(List.of("m1", "m2", "m3"))));
    assertNull(entity.entity, "nothing loaded yet");
    assertEquals(0, entity.cachedBytes());
    assertEquals(ExecutionCache.SLOT_BYTES, ExecutionCache.bytes(entity));
    entity.dropExecution(); // nothing to drop: still nothing loaded
    assertNull(entity.entity);
  }

  @Test
  void anyOtherIdMakesAnOrchestrationSlotThatLoadsItsHistoryFirst() {
    for (String id : List.of("order-1", "a@b", "")) {
      InstanceSlot slot = InstanceSlot.of(id, 2, true);
      assertInstanceOf(OrchestrationSlot.class, slot, id);
      assertFalse(slot.machine.isEntity(), id);
      assertEquals(
          List.of(new LoadHistory(List.of("m1", "m2", "m3"), false)),
          slot.machine.on(new InstanceMachine.Arrived(List.of("m1", "m2", "m3"))),
          "an orchestration's batch is not cut at the entity batch size: " + id);
    }
  }

  @Test
  void withoutACacheBothKindsForgetTheirStateAfterEachEpisode() {
    InstanceSlot entity = InstanceSlot.of("@counter@a", 10, false);
    entity.machine.on(new InstanceMachine.Arrived(List.of("m1")));
    assertEquals(
        List.of(
            new InstanceMachine.DeleteMessages(List.of("m1")),
            InstanceMachine.DROP_EXECUTION,
            InstanceMachine.PARK),
        entity.machine.on(InstanceMachine.COMMITTED));
    assertEquals(InstanceMachine.UNLOADED, entity.machine.state());
  }
}
