package dev.baton.core.impl;

import dev.baton.core.FailureDetails;
import dev.baton.core.history.HistoryEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The engine's bound on cached instances: how many idle instances all its partitions keep in
 * memory, and an estimate of their bytes. Each partition keeps its own idle instances in a {@link
 * PartitionCache}, touched only on that partition's context; this class holds only the shared
 * accounting (atomic counters, and each partition's oldest entry), so it needs no lock. When the
 * engine is over a bound, the partition holding the least recently used entry evicts, on its own
 * context: the one that went over does it at once, any other is asked with {@code runOnContext}.
 */
final class ExecutionCache {

  /** What one cached instance costs beyond its payloads: its slot, maps and parked thread. */
  static final long SLOT_BYTES = 2048;

  /** What one history event costs beyond its payload strings. */
  static final long EVENT_BYTES = 96;

  private final long maxEntries;
  private final long maxBytes;
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong evictedForSpace = new AtomicLong();
  private final AtomicLong evictedIdle = new AtomicLong();

  /** Per partition index: when its least recently used entry was parked, MAX_VALUE when none. */
  private final AtomicLongArray eldest;

  private final AtomicReferenceArray<PartitionCache> partitions;

  ExecutionCache(long maxEntries, long maxBytes, int partitionCount) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.eldest = new AtomicLongArray(partitionCount);
    this.partitions = new AtomicReferenceArray<>(partitionCount);
    for (int i = 0; i < partitionCount; i++) {
      eldest.set(i, Long.MAX_VALUE);
    }
  }

  CacheStats stats() {
    return new CacheStats(entries.get(), bytes.get(), evictedForSpace.get(), evictedIdle.get());
  }

  boolean over() {
    return entries.get() > maxEntries || bytes.get() > maxBytes;
  }

  void register(PartitionCache p) {
    partitions.set(p.index(), p);
  }

  void unregister(PartitionCache p) {
    if (partitions.compareAndSet(p.index(), p, null)) {
      eldest.set(p.index(), Long.MAX_VALUE);
    }
  }

  void added(long entryBytes) {
    entries.incrementAndGet();
    bytes.addAndGet(entryBytes);
  }

  void removed(long entryBytes, Eviction why) {
    entries.decrementAndGet();
    bytes.addAndGet(-entryBytes);
    switch (why) {
      case SPACE -> evictedForSpace.incrementAndGet();
      case IDLE -> evictedIdle.incrementAndGet();
      case TAKEN -> {}
    }
  }

  /** Why an entry left the cache. */
  enum Eviction {
    /** Its instance got work: it is in use again, not evicted. */
    TAKEN,
    /** The engine was over a bound and it was the least recently used. */
    SPACE,
    /** It stayed idle longer than the idle timeout (or its partition stopped). */
    IDLE
  }

  void publishEldest(int index, long parkedAt) {
    eldest.set(index, parkedAt);
  }

  /**
   * On {@code self}'s context: while the engine is over a bound, evicts the least recently used
   * entry if {@code self} holds it, or asks the partition that does and stops.
   */
  void trim(PartitionCache self) {
    while (over()) {
      int victim = -1;
      long oldest = Long.MAX_VALUE;
      for (int i = 0; i < eldest.length(); i++) {
        long t = eldest.get(i);
        if (t < oldest) {
          oldest = t;
          victim = i;
        }
      }
      if (victim < 0) {
        return; // nothing idle anywhere: only instances at work, which are not evictable
      }
      if (victim != self.index()) {
        PartitionCache other = partitions.get(victim);
        if (other != null) {
          other.requestTrim();
          return;
        }
        eldest.compareAndSet(victim, oldest, Long.MAX_VALUE); // a stopped partition's leftover
        continue;
      }
      if (!self.evictEldest()) {
        return;
      }
    }
  }

  /**
   * An estimate of what an idle slot holds: a fixed part and what its kind holds ({@link
   * InstanceSlot#cachedBytes}): an orchestration's history payloads while its code has them (a live
   * execution, or a history not replayed yet), else its input and output only; an entity's
   * snapshot.
   */
  static long bytes(InstanceSlot slot) {
    return SLOT_BYTES + slot.cachedBytes();
  }

  /** An estimate of what {@code e} holds in memory: a fixed part and its payload strings. */
  static long bytes(HistoryEvent e) {
    return EVENT_BYTES
        + switch (e) {
          case HistoryEvent.ExecutionStarted s -> len(s.input());
          case HistoryEvent.TaskScheduled s -> len(s.input());
          case HistoryEvent.TaskCompleted c -> len(c.result());
          case HistoryEvent.TaskFailed f -> len(f.failure());
          case HistoryEvent.SubOrchestrationScheduled s -> len(s.input());
          case HistoryEvent.SubOrchestrationCompleted c -> len(c.result());
          case HistoryEvent.SubOrchestrationFailed f -> len(f.failure());
          case HistoryEvent.EventRaised r -> len(r.input());
          case HistoryEvent.EventSent s -> len(s.input());
          case HistoryEvent.ExecutionCompleted c -> len(c.result()) + len(c.failure());
          case HistoryEvent.EntityOperationRequested r -> len(r.input());
          case HistoryEvent.EntityOperationCompleted c -> len(c.result());
          case HistoryEvent.EntityOperationFailed f -> len(f.failure());
          case HistoryEvent.EntitySnapshot s -> snapshotBytes(s);
          default -> 0;
        };
  }

  private static long snapshotBytes(HistoryEvent.EntitySnapshot s) {
    long n = len(s.state());
    for (HistoryEvent q : s.queue()) {
      n += bytes(q);
    }
    for (HistoryEvent.EntitySnapshot.Outgoing o : s.outbox()) {
      n += bytes(o.event());
    }
    for (HistoryEvent.EntitySnapshot.Waiting w : s.waiting()) {
      n += bytes(w.request());
    }
    for (HistoryEvent.EntityOperationRequested r : s.scheduled()) {
      n += bytes(r);
    }
    return n + EVENT_BYTES * (s.senders().size() + s.sent().size());
  }

  static long len(String s) {
    return s == null ? 0 : s.length();
  }

  private static long len(FailureDetails f) {
    long n = 0;
    for (FailureDetails d = f; d != null; d = d.cause()) {
      n += len(d.type()) + len(d.message()) + len(d.stackTrace());
    }
    return n;
  }
}
