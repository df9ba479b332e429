package dev.baton.core.impl.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.LockHolder;
import dev.baton.core.spi.InstanceRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An entity's row: what its custom status says, read fast or parsed. */
class EntityRowsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final EntityId ID = EntityId.of("counter", "k");

  private static EntitySnapshot snapshot(String state, LockHolder lock) {
    return new EntitySnapshot(
        T0, "inc-1", T0, T0, state, lock, null, null, null, null, null, null, null, null);
  }

  @Test
  void whetherARowsEntityHasStateIsReadTheSameFastAsParsed() {
    var lock = new LockHolder("r1", "orch", "e1", List.of(ID.instanceId()));
    for (EntitySnapshot s :
        List.of(
            snapshot("1", null),
            snapshot(null, null),
            snapshot("{\"a\":1}", lock),
            snapshot(null, lock))) {
      InstanceRecord row = EntityRows.row(ID, s);
      assertEquals(s.state() != null, EntityRows.hasState(row), row.customStatus());
      assertEquals(EntityRows.info(row).hasState(), EntityRows.hasState(row));
    }
  }

  @Test
  void aCustomStatusInAnotherShapeIsParsed() {
    InstanceRecord stored = EntityRows.row(ID, snapshot("1", null));
    InstanceRecord reordered = withStatus("{\"backlog\":0,\"hasState\":true}");
    assertTrue(EntityRows.hasState(reordered));
    InstanceRecord spaced = withStatus("{ \"hasState\" : false, \"backlog\" : 0 }");
    assertFalse(EntityRows.hasState(spaced));
    assertFalse(EntityRows.hasState(withStatus(null)));
    assertFalse(EntityRows.hasState(withStatus("{}")));
  }

  private static InstanceRecord withStatus(String customStatus) {
    return EntityRows.row(ID, snapshot("1", null), customStatus);
  }
}
