package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache's estimate of bytes and its bounds. */
class ExecutionCacheTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void anEventCostsAFixedPartPlusItsPayloads() {
    String kb = "x".repeat(1000);
    assertEquals(
        ExecutionCache.EVENT_BYTES + 1000,
        ExecutionCache.bytes(new HistoryEvent.TaskCompleted(T, 0, kb)));
    assertEquals(
        ExecutionCache.EVENT_BYTES + 3 + 1000 + 5,
        ExecutionCache.bytes(
            new HistoryEvent.TaskFailed(T, 1, new FailureDetails("Boo", kb, "stack", null))));
    assertEquals(
        ExecutionCache.EVENT_BYTES, ExecutionCache.bytes(new HistoryEvent.OrchestratorStarted(T)));
  }

  @Test
  void aFinishedInstanceCountsItsInputAndOutputNotItsWholeHistory() {
    var slot = new OrchestrationSlot("i1");
    String big = "\"" + "y".repeat(5000) + "\"";
    slot.fold(
        List.of(
            new HistoryEvent.OrchestratorStarted(T),
            new HistoryEvent.ExecutionStarted(T, "n", null, "1", "e1", null, -1, null),
            new HistoryEvent.TaskScheduled(T, 0, "a", null),
            new HistoryEvent.TaskCompleted(T, 0, big),
            new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.COMPLETED, "2", null)));
    assertTrue(
        slot.payloadBytes > 5000, "the history's payloads were counted: " + slot.payloadBytes);
    assertEquals(ExecutionCache.SLOT_BYTES + 2, ExecutionCache.bytes(slot), "input 1 and output 2");
    slot.unreplayed = List.of(new HistoryEvent.OrchestratorStarted(T));
    assertEquals(ExecutionCache.SLOT_BYTES + slot.payloadBytes, ExecutionCache.bytes(slot));
    slot.resetExecution();
    assertEquals(0, slot.payloadBytes);
  }

  @Test
  void eitherBoundMakesTheCacheOver() {
    var cache = new ExecutionCache(1, 1000, 1);
    cache.added(10);
    assertFalse(cache.over());
    cache.added(10);
    assertTrue(cache.over(), "two entries past a bound of one");
    cache.removed(10, ExecutionCache.Eviction.SPACE);
    cache.added(2000);
    assertTrue(cache.over(), "bytes past the bound");
    cache.removed(2000, ExecutionCache.Eviction.IDLE);
    assertEquals(new CacheStats(1, 10, 1, 1), cache.stats());
  }
}
