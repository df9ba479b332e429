package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.impl.BatonImpl;
import dev.baton.core.impl.CacheStats;
import dev.baton.core.spi.StoredHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The execution cache is bounded per engine, by count, by an estimate of bytes and by idle time; an
 * evicted instance replays from history to the same result and the same history, event for event,
 * as one that stayed cached.
 */
public abstract class CacheEngineTest extends EngineTestBase {

  private static final int STEPS = 6;

  /**
   * How many instances each run starts side by side: well past the small cache's two. A binding on
   * a store whose every message costs HTTP requests starts fewer, so the suite takes seconds there
   * too.
   */
  protected int instances() {
    return 10;
  }

  private final AtomicInteger runs = new AtomicInteger();

  /** A sequential chain: one event per episode, so its history's order is deterministic. */
  private Baton.Builder sequence(Baton.Builder b) {
    return b.addOrchestrator(
            "sequence",
            ctx -> {
              runs.incrementAndGet(); // once per first run or replay of the code
              String acc = ctx.input(String.class);
              for (int i = 0; i < STEPS; i++) {
                acc = ctx.callActivity("append", acc + i, String.class).await();
              }
              return acc;
            })
        .addActivity(
            "append",
            ctx -> {
              Thread.sleep(5); // keeps the instances waiting side by side, so the cache fills
              return ctx.input(String.class) + "-" + "x".repeat(200);
            });
  }

  /** Runs the instances on an engine with {@code options}; their histories, by instance id. */
  private Map<String, List<String>> run(BatonOptions options, String hub) {
    runs.set(0);
    Baton baton = fixture.start(options.setTaskHub(hub), this::sequence);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < instances(); i++) {
      ids.add(
          await(
              baton
                  .client()
                  .scheduleNewOrchestration(
                      "sequence", "in" + i, new StartOptions().setInstanceId("seq-" + i))));
    }
    var store = await(fixture.backend().open(fixture.vertx(), hub, options.getPartitionCount()));
    Map<String, List<String>> histories = new LinkedHashMap<>();
    for (String id : ids) {
      InstanceMetadata done = complete(baton.client(), id);
      assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
      histories.put(id, shape(await(store.history().load(id))));
    }
    return histories;
  }

  private static CacheStats stats(Baton baton) {
    return ((BatonImpl) baton).cacheStats();
  }

  /**
   * The stats once {@code settled} holds for them, or the last ones after 30 s: a partition over
   * the engine's bound asks the one holding the least recently used entry to evict it, on that
   * partition's own event loop, so the bound holds again a moment after the last episode.
   */
  private CacheStats settled(Baton baton, java.util.function.Predicate<CacheStats> settled) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CacheStats s = stats(baton);
    while (!settled.test(s) && System.nanoTime() < deadline) {
      await(fixture.vertx().timer(10));
      s = stats(baton);
    }
    return s;
  }

  @Test
  void aSmallCacheEvictsByCountAndReplaysToTheSameHistories() {
    String hub = fixture.options().getTaskHub();
    Map<String, List<String>> cached = run(fixture.options(), hub + "a");
    Baton large = lastEngine();

    Map<String, List<String>> small = run(fixture.options().setCacheSize(2), hub + "b");
    Baton smallEngine = lastEngine();
    CacheStats s = settled(smallEngine, st -> st.entries() <= 2);
    assertTrue(s.evictedForSpace() > 0, "the small cache evicted: " + s);
    assertTrue(s.entries() <= 2, "at most two idle instances across the engine: " + s);
    assertTrue(runs.get() > instances(), "evicted executions replayed: " + runs.get() + " runs");
    assertEquals(cached, small, "the same histories, event for event");
    assertEquals(0, stats(large).evictedForSpace());
  }

  @Test
  void aCacheBoundedInBytesEvictsAndReplaysToTheSameHistories() {
    String hub = fixture.options().getTaskHub();
    Map<String, List<String>> cached = run(fixture.options(), hub + "a");
    // room for about two instances: a slot's fixed part plus a few hundred bytes per event
    Map<String, List<String>> small = run(fixture.options().setCacheMaxBytes(10_000), hub + "b");
    CacheStats s = settled(lastEngine(), st -> st.bytes() <= 10_000);
    assertTrue(s.evictedForSpace() > 0, "the byte bound evicted: " + s);
    assertTrue(s.bytes() <= 10_000, "within the bound once idle: " + s);
    assertTrue(runs.get() > instances(), "evicted executions replayed: " + runs.get() + " runs");
    assertEquals(cached, small, "the same histories, event for event");
  }

  @Test
  void anInstanceIdlePastTheTimeoutLeavesTheCacheAndResumesFromHistory() {
    var replays = new AtomicInteger();
    Baton baton =
        fixture.start(
            fixture.options().setCacheIdleTimeout(Duration.ofMillis(50)),
            b ->
                b.addOrchestrator(
                    "approval",
                    ctx -> {
                      replays.incrementAndGet();
                      String who = ctx.waitForExternalEvent("approve", String.class).await();
                      return "approved by " + who;
                    }));
    String id = await(baton.client().scheduleNewOrchestration("approval", null));
    await(baton.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (stats(baton).evictedIdle() == 0 && System.nanoTime() < deadline) {
      await(fixture.vertx().timer(20));
    }
    assertTrue(stats(baton).evictedIdle() > 0, "evicted after 50 ms idle: " + stats(baton));
    await(baton.client().raiseEvent(id, "approve", "ops"));
    InstanceMetadata done = complete(baton.client(), id);
    assertEquals("approved by ops", done.readOutput(String.class));
    assertEquals(2, replays.get(), "the code ran again from history after the eviction");
  }

  @Test
  void aZeroByteBoundCachesNothingAndStillCompletes() {
    Map<String, List<String>> none =
        run(fixture.options().setCacheMaxBytes(0), "nb" + fixture.options().getTaskHub());
    CacheStats s = settled(lastEngine(), st -> st.entries() == 0);
    assertEquals(0, s.entries(), "nothing stays: " + s);
    assertEquals(0, s.bytes());
    assertEquals(instances(), none.size());
    assertTrue(runs.get() >= instances() * STEPS, "every episode replayed: " + runs.get());
  }

  private Baton lastEngine() {
    return fixture.lastEngine();
  }

  /** A history as a sequence: each event's kind, task id and payload, without timestamps. */
  private static List<String> shape(StoredHistory h) {
    List<String> out = new ArrayList<>();
    for (HistoryEvent e : h.events()) {
      out.add(
          switch (e) {
            case HistoryEvent.ExecutionStarted s -> "start:" + s.name() + ":" + s.input();
            case HistoryEvent.TaskScheduled s -> "scheduled#" + s.taskId() + ":" + s.input();
            case HistoryEvent.TaskCompleted c -> "completed#" + c.taskId() + ":" + c.result();
            case HistoryEvent.ExecutionCompleted c -> "end:" + c.status() + ":" + c.result();
            default -> e.getClass().getSimpleName();
          });
    }
    return out;
  }
}
