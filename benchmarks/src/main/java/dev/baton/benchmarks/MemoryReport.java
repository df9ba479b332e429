package dev.baton.benchmarks;

import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import io.vertx.core.Future;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap figures: {@code cached_instance_bytes}, what one idle orchestration kept in the
 * execution cache costs (the heap of 5,000 instances parked on an external event with the default
 * cache, less the same with no cache, per instance), and {@code timers_100000_heap_mb}, the heap
 * that 100,000 instances waiting on an hour's timer add under the default cache bound (10,000
 * entries), which on the memory backend includes the store's rows and queued timers.
 */
final class MemoryReport {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final int PARKED = 5000;
  private static final int TIMERS = 100_000;

  private MemoryReport() {}

  static boolean wanted(List<String> only) {
    return Report.wanted(only, Section.CACHED_INSTANCE, Section.TIMERS);
  }

  static void run(List<String> only) {
    if (Report.wanted(only, Section.CACHED_INSTANCE)) {
      double cached = parkedHeap(new BatonOptions().setTaskHub("mem"));
      double uncached = parkedHeap(new BatonOptions().setTaskHub("mem").setCacheSize(0));
      Report.count("cached_instance_bytes", Math.round((cached - uncached) / PARKED), "B");
    }
    if (Report.wanted(only, Section.TIMERS)) {
      try (var w = new Workloads(new BatonOptions().setTaskHub("timers"))) {
        long before = usedHeap();
        start(w.client(), "wait_timer", "t", TIMERS);
        long after = usedHeap();
        Report.result("timers_100000_heap_mb", (after - before) / 1048576.0, "MB");
        Report.count("timers_heap_bytes_per_instance", (after - before) / TIMERS, "B");
      }
    }
  }

  /** The heap {@value #PARKED} instances parked on an event add to a new engine. */
  private static double parkedHeap(BatonOptions options) {
    try (var w = new Workloads(options)) {
      long before = usedHeap();
      start(w.client(), "wait_event", "p", PARKED);
      return usedHeap() - before;
    }
  }

  /** Starts {@code count} instances of {@code name} and waits until each has run its first step. */
  private static void start(DurableClient client, String name, String prefix, int count) {
    for (int from = 0; from < count; from += 1000) {
      List<Future<?>> batch = new ArrayList<>(1000);
      for (int i = from; i < Math.min(count, from + 1000); i++) {
        batch.add(
            client
                .scheduleNewOrchestration(name, null, new StartOptions().setInstanceId(prefix + i))
                .compose(id -> client.waitForInstanceStart(id, Workloads.WAIT)));
      }
      Report.await(Future.all(batch), Workloads.WAIT); // each start waits that long at most
    }
  }

  /** The heap in use after full collections. */
  private static long usedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
