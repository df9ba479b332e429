package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two partitions on two event loops share one engine bound: the least recently used entry leaves
 * first, whichever partition holds it, and it is evicted on its own partition's context.
 */
@ExtendWith(VertxExtension.class)
class PartitionCacheTest {

  private final List<String> evicted = new CopyOnWriteArrayList<>();
  private final Map<String, Context> evictedOn = new ConcurrentHashMap<>();

  private static <T> T on(Context context, Supplier<T> action) throws Exception {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> p.complete(action.get()));
    return p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private PartitionCache cache(int index, ExecutionCache shared, Context context) throws Exception {
    return on(
        context,
        () ->
            new PartitionCache(
                index,
                shared,
                context,
                Duration.ofMinutes(10),
                slot -> {
                  evicted.add(slot.instanceId);
                  evictedOn.put(slot.instanceId, Vertx.currentContext());
                }));
  }

  /** One slot per instance id, as a partition keeps. */
  private final Map<String, OrchestrationSlot> slots = new ConcurrentHashMap<>();

  private void park(PartitionCache cache, Context context, String id) throws Exception {
    on(
        context,
        () -> {
          cache.park(slots.computeIfAbsent(id, OrchestrationSlot::new));
          return null;
        });
  }

  private void take(PartitionCache cache, Context context, String id) throws Exception {
    on(
        context,
        () -> {
          cache.take(slots.get(id));
          return null;
        });
  }

  private void awaitEvicted(Vertx vertx, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (evicted.size() < n && System.nanoTime() < deadline) {
      vertx.timer(5).toCompletionStage().toCompletableFuture().get();
    }
    assertEquals(n, evicted.size(), "evicted: " + evicted);
  }

  @Test
  void theEnginesLeastRecentlyUsedEntryLeavesOnItsOwnPartitionsContext(Vertx vertx)
      throws Exception {
    var shared = new ExecutionCache(2, Long.MAX_VALUE, 2);
    Context a = vertx.getOrCreateContext();
    Context b = vertx.getOrCreateContext();
    PartitionCache pa = cache(0, shared, a);
    PartitionCache pb = cache(1, shared, b);

    park(pa, a, "a1");
    park(pa, a, "a2");
    park(pb, b, "b1"); // three idle, bound two: a1 (on partition 0) is the oldest
    awaitEvicted(vertx, 1);
    assertEquals(List.of("a1"), evicted);
    assertSame(a, evictedOn.get("a1"), "evicted on its own partition's context");

    park(pb, b, "b2"); // a2 is now the oldest
    awaitEvicted(vertx, 2);
    assertEquals("a2", evicted.get(1));
    assertSame(a, evictedOn.get("a2"));

    park(pa, a, "a3"); // b1 is the oldest: partition 1 evicts it
    awaitEvicted(vertx, 3);
    assertEquals("b1", evicted.get(2));
    assertSame(b, evictedOn.get("b1"));
    CacheStats s = shared.stats();
    assertEquals(2, s.entries());
    assertEquals(3, s.evictedForSpace());
  }

  @Test
  void takingAnEntryIsNotAnEvictionAndFreesItsBytes(Vertx vertx) throws Exception {
    var shared = new ExecutionCache(10, Long.MAX_VALUE, 1);
    Context a = vertx.getOrCreateContext();
    PartitionCache pa = cache(0, shared, a);
    park(pa, a, "a1");
    park(pa, a, "a1"); // parked again: still one entry
    assertEquals(1, shared.stats().entries());
    assertEquals(ExecutionCache.SLOT_BYTES, shared.stats().bytes());
    take(pa, a, "a1");
    assertEquals(new CacheStats(0, 0, 0, 0), shared.stats());
    take(pa, a, "a1"); // taken twice: nothing more leaves
    assertEquals(new CacheStats(0, 0, 0, 0), shared.stats());
  }

  @Test
  void entriesTakenFromAnyPlaceLeaveTheRestInTheOrderTheyWereParked(Vertx vertx) throws Exception {
    var shared = new ExecutionCache(3, Long.MAX_VALUE, 1);
    Context a = vertx.getOrCreateContext();
    PartitionCache pa = cache(0, shared, a);
    for (String id : List.of("a1", "a2", "a3", "a4")) {
      park(pa, a, id); // a1 leaves for space
    }
    take(pa, a, "a3"); // from the middle
    take(pa, a, "a4"); // the youngest
    take(pa, a, "a2"); // the eldest
    park(pa, a, "a5");
    park(pa, a, "a2"); // back, as the youngest
    park(pa, a, "a6");
    park(pa, a, "a7"); // over the bound again: a5 is the eldest now, a2 came back after it
    awaitEvicted(vertx, 2);
    assertEquals(List.of("a1", "a5"), evicted);
    assertEquals(3, shared.stats().entries());
    assertEquals(3, (int) on(a, () -> pa.size()));
  }

  @Test
  void aByteBoundEvictsTheOldestUntilTheRestFit(Vertx vertx) throws Exception {
    var shared = new ExecutionCache(100, 2 * ExecutionCache.SLOT_BYTES, 1);
    Context a = vertx.getOrCreateContext();
    PartitionCache pa = cache(0, shared, a);
    park(pa, a, "a1");
    park(pa, a, "a2");
    park(pa, a, "a3");
    assertEquals(List.of("a1"), evicted);
    assertTrue(shared.stats().bytes() <= 2 * ExecutionCache.SLOT_BYTES);
  }
}
