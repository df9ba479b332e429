package dev.baton.core.impl;

import static dev.baton.core.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.InstanceStore;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Status rows are written from the history and never over a newer one: a stale owner's late write
 * (its partition moved on while the write was on its way) leaves the newer row in place.
 */
@ExtendWith(VertxExtension.class)
class InstanceWritesTest {

  private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

  private Baton baton;
  private InstanceWrites writes;
  private InstanceStore rows;

  @BeforeEach
  void start(Vertx vertx) {
    baton =
        Baton.builder(vertx)
            .backend(MemoryBackend.create())
            .options(new BatonOptions().setTaskHub("rows"))
            .addOrchestrator("o", ctx -> null)
            .build();
    await(baton.start());
    var engine = (BatonImpl) baton;
    writes = new InstanceWrites(engine, new CommitFence());
    rows = engine.store().instances();
  }

  @AfterEach
  void close() {
    await(baton.close());
  }

  /** The first {@code n} events of one execution: two activities, then completed. */
  private static List<HistoryEvent> history(int n) {
    List<HistoryEvent> all =
        List.of(
            new HistoryEvent.OrchestratorStarted(T),
            new HistoryEvent.ExecutionStarted(T, "o", null, "1", "e1", null, -1, null),
            new HistoryEvent.TaskScheduled(T, 0, "a", null),
            new HistoryEvent.OrchestratorStarted(T.plusSeconds(1)),
            new HistoryEvent.TaskCompleted(T.plusSeconds(1), 0, "2"),
            new HistoryEvent.TaskScheduled(T.plusSeconds(1), 1, "a", null),
            new HistoryEvent.OrchestratorStarted(T.plusSeconds(2)),
            new HistoryEvent.TaskCompleted(T.plusSeconds(2), 1, "3"),
            new HistoryEvent.ExecutionCompleted(
                T.plusSeconds(2), RuntimeStatus.COMPLETED, "3", null));
    return all.subList(0, n);
  }

  private static OrchestrationSlot slot(List<HistoryEvent> events) {
    var slot = new OrchestrationSlot("i");
    slot.fold(events);
    return slot;
  }

  private RuntimeStatus stored() {
    return await(rows.get("i")).value().status();
  }

  @Test
  void aStaleOwnersLateWriteDoesNotTurnCompletedBackIntoRunning() {
    OrchestrationSlot stale = slot(history(3));
    await(writes.writeRow(stale, true));
    assertEquals(RuntimeStatus.RUNNING, stored());

    OrchestrationSlot owner = slot(history(9)); // the partition moved on and finished the instance
    await(writes.writeRow(owner, false));
    assertEquals(RuntimeStatus.COMPLETED, stored());
    assertEquals(9, await(rows.get("i")).value().historyPosition());

    await(writes.writeRow(stale, false)); // its ETag is stale: the row is read again, and kept
    assertEquals(RuntimeStatus.COMPLETED, stored());
    stale.rowEtag = null;
    await(writes.writeRow(stale, false)); // an ETag unknown (a new slot): the same
    assertEquals(RuntimeStatus.COMPLETED, stored());
    assertEquals(9, await(rows.get("i")).value().historyPosition());
  }

  @Test
  void aWriteFurtherAlongReplacesTheRowAndARewindCountsAsFurtherAlong() {
    OrchestrationSlot slot = slot(history(3));
    await(writes.writeRow(slot, true));
    var failed = new ArrayList<>(history(5));
    failed.set(4, new HistoryEvent.TaskFailed(T, 0, new FailureDetails("E", "boom", "", null)));
    failed.add(
        new HistoryEvent.ExecutionCompleted(
            T.plusSeconds(1), RuntimeStatus.FAILED, null, new FailureDetails("E", "x", "", null)));
    OrchestrationSlot failedSlot = slot(failed);
    await(writes.writeRow(failedSlot, false));
    assertEquals(RuntimeStatus.FAILED, stored());

    // a rewind cuts the history before the failure: shorter, and still the later state
    var rewound = new ArrayList<>(history(3));
    rewound.add(new HistoryEvent.OrchestratorStarted(T.plusSeconds(5)));
    rewound.add(new HistoryEvent.ExecutionRewound(T.plusSeconds(5), null));
    OrchestrationSlot rewoundSlot = slot(rewound);
    assertTrue(rewound.size() < failed.size());
    await(writes.writeRow(rewoundSlot, false));
    assertEquals(RuntimeStatus.RUNNING, stored(), "the rewind's row replaced the Failed one");

    await(writes.writeRow(failedSlot, false)); // the Failed row again, late: refused
    assertEquals(RuntimeStatus.RUNNING, stored());
  }

  @Test
  void aPurgedRowIsNotCreatedAgainByALateWriteOnlyByTheExecutionsStart() {
    OrchestrationSlot owner = slot(history(9));
    await(writes.writeRow(slot(history(3)), true)); // the start's episode creates the row
    await(writes.writeRow(owner, false));
    assertEquals(RuntimeStatus.COMPLETED, stored());
    assertTrue(await(rows.delete("i")), "purged");

    OrchestrationSlot stale = slot(history(6)); // a stale owner's late write, its ETag gone
    stale.rowEtag = owner.rowEtag;
    await(writes.writeRow(stale, false));
    assertNull(await(rows.get("i")), "not brought back by a conditional update");
    stale.rowEtag = null;
    await(writes.writeRow(stale, false));
    assertNull(await(rows.get("i")), "nor by a write that reads the row first");
    assertNull(stale.rowEtag);

    // a redelivered start whose first row was never written creates it
    OrchestrationSlot started = slot(history(3));
    await(writes.writeRow(started, true));
    assertEquals(RuntimeStatus.RUNNING, stored());
    assertEquals(started.rowEtag, await(rows.get("i")).etag());
  }
}
