package dev.baton.core.impl;

import dev.baton.core.impl.ExecutionCache.Eviction;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A partition's idle instances, least recently used first, within the engine's bounds ({@link
 * ExecutionCache}). Touched only on the partition's context, except {@link #requestTrim}. An entry
 * leaves when its instance gets work ({@link #take}), when the engine is over a bound and it is the
 * engine's least recently used, or when it has been idle past the idle timeout; an evicted
 * instance's execution is dropped and its next message reloads it from history.
 */
final class PartitionCache {

  private record Entry(InstanceSlot slot, long bytes, long parkedAt) {}

  private final int index;
  private final ExecutionCache shared;
  private final Context context;
  private final Consumer<InstanceSlot> evicted;
  private final long idleNanos;
  private final LinkedHashMap<String, Entry> idle = new LinkedHashMap<>();
  private final AtomicBoolean trimRequested = new AtomicBoolean();
  private final long timer;
  private boolean closed;

  /** What this partition last published as its eldest entry's park time. */
  private long published = Long.MAX_VALUE;

  /**
   * Starts the cache of partition {@code index}; call on the partition's {@code context}. {@code
   * evicted} forgets an evicted slot (drops its execution and its place in the partition).
   */
  PartitionCache(
      int index,
      ExecutionCache shared,
      Context context,
      Duration idleTimeout,
      Consumer<InstanceSlot> evicted) {
    this.index = index;
    this.shared = shared;
    this.context = context;
    this.evicted = evicted;
    this.idleNanos = idleTimeout.toNanos();
    long period = Math.clamp(idleTimeout.toMillis() / 2, 10, 30_000);
    this.timer = context.owner().setPeriodic(period, period, id -> evictIdle(System.nanoTime()));
    shared.register(this);
  }

  int index() {
    return index;
  }

  /** How many idle instances this partition holds. */
  int size() {
    return idle.size();
  }

  /** An idle slot joins the cache as its most recently used entry; the engine trims past bounds. */
  void park(InstanceSlot slot) {
    long now = System.nanoTime();
    Entry before = idle.remove(slot.instanceId);
    if (before != null) {
      shared.removed(before.bytes(), Eviction.TAKEN);
    }
    long bytes = ExecutionCache.bytes(slot);
    idle.put(slot.instanceId, new Entry(slot, bytes, now));
    shared.added(bytes);
    if (idle.size() == 1 || (before != null && before.parkedAt() == published)) {
      publishEldest(); // else the eldest entry is unchanged
    }
    if (shared.over()) {
      shared.trim(this);
    }
  }

  /** The slot got work: it leaves the cache (not an eviction). */
  void take(String instanceId) {
    Entry e = idle.remove(instanceId);
    if (e != null) {
      shared.removed(e.bytes(), Eviction.TAKEN);
      if (e.parkedAt() == published) {
        publishEldest();
      }
    }
  }

  /** Evicts the least recently used entry; false when there is none. */
  boolean evictEldest() {
    Iterator<Entry> it = idle.values().iterator();
    if (!it.hasNext()) {
      publishEldest();
      return false;
    }
    Entry e = it.next();
    it.remove();
    shared.removed(e.bytes(), Eviction.SPACE);
    evicted.accept(e.slot());
    publishEldest();
    return true;
  }

  /** From any thread: asks this partition to trim the engine's cache on its own context. */
  void requestTrim() {
    if (trimRequested.compareAndSet(false, true)) {
      context.runOnContext(
          v -> {
            trimRequested.set(false);
            if (!closed) { // a partition stopped since: its index may belong to a successor
              shared.trim(this);
            }
          });
    }
  }

  private void evictIdle(long now) {
    Iterator<Entry> it = idle.values().iterator();
    boolean any = false;
    while (it.hasNext()) {
      Entry e = it.next();
      if (now - e.parkedAt() < idleNanos) {
        break; // the rest were parked later
      }
      it.remove();
      shared.removed(e.bytes(), Eviction.IDLE);
      evicted.accept(e.slot());
      any = true;
    }
    if (any) {
      publishEldest();
    }
  }

  /** The partition stops: its entries leave the engine's accounting. */
  void close() {
    closed = true;
    context.owner().cancelTimer(timer);
    for (Entry e : idle.values()) {
      shared.removed(e.bytes(), Eviction.TAKEN);
    }
    idle.clear();
    shared.unregister(this);
  }

  private void publishEldest() {
    Iterator<Entry> it = idle.values().iterator();
    published = it.hasNext() ? it.next().parkedAt() : Long.MAX_VALUE;
    shared.publishEldest(index, published);
  }
}
