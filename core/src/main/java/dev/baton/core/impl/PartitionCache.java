package dev.baton.core.impl;

import dev.baton.core.impl.ExecutionCache.Eviction;
import io.vertx.core.Context;
import java.time.Duration;
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

  /**
   * An idle slot's place in the list, eldest first. The slot keeps its entry ({@link
   * InstanceSlot#cacheEntry}) while it is idle, so taking it is an unlink, not a lookup by id; only
   * this class sets that field.
   */
  static final class Entry {
    private final InstanceSlot slot;
    private final long bytes;
    private final long parkedAt;
    private Entry prev;
    private Entry next;

    private Entry(InstanceSlot slot, long bytes, long parkedAt) {
      this.slot = slot;
      this.bytes = bytes;
      this.parkedAt = parkedAt;
    }
  }

  private final int index;
  private final ExecutionCache shared;
  private final Context context;
  private final Consumer<InstanceSlot> evicted;
  private final long idleNanos;
  private Entry eldest;
  private Entry youngest;
  private int size;
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
    return size;
  }

  /** An idle slot joins the cache as its most recently used entry; the engine trims past bounds. */
  void park(InstanceSlot slot) {
    long now = System.nanoTime();
    Entry before = slot.cacheEntry;
    if (before != null) {
      unlink(before);
      shared.removed(before.bytes, Eviction.TAKEN);
    }
    long bytes = ExecutionCache.bytes(slot);
    append(new Entry(slot, bytes, now));
    shared.added(bytes);
    if (size == 1 || (before != null && before.parkedAt == published)) {
      publishEldest(); // else the eldest entry is unchanged
    }
    if (shared.over()) {
      shared.trim(this);
    }
  }

  /** The slot got work: it leaves the cache (not an eviction). */
  void take(InstanceSlot slot) {
    Entry e = slot.cacheEntry;
    if (e != null) {
      unlink(e);
      shared.removed(e.bytes, Eviction.TAKEN);
      if (e.parkedAt == published) {
        publishEldest();
      }
    }
  }

  /** Evicts the least recently used entry; false when there is none. */
  boolean evictEldest() {
    Entry e = eldest;
    if (e == null) {
      publishEldest();
      return false;
    }
    unlink(e);
    shared.removed(e.bytes, Eviction.SPACE);
    evicted.accept(e.slot);
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
    boolean any = false;
    for (Entry e = eldest; e != null && now - e.parkedAt >= idleNanos; e = eldest) {
      unlink(e); // the rest were parked later
      shared.removed(e.bytes, Eviction.IDLE);
      evicted.accept(e.slot);
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
    for (Entry e = eldest; e != null; e = eldest) {
      unlink(e);
      shared.removed(e.bytes, Eviction.TAKEN);
    }
    shared.unregister(this);
  }

  private void publishEldest() {
    published = eldest != null ? eldest.parkedAt : Long.MAX_VALUE;
    shared.publishEldest(index, published);
  }

  private void append(Entry e) {
    e.prev = youngest;
    if (youngest != null) {
      youngest.next = e;
    } else {
      eldest = e;
    }
    youngest = e;
    e.slot.cacheEntry = e;
    size++;
  }

  private void unlink(Entry e) {
    if (e.prev != null) {
      e.prev.next = e.next;
    } else {
      eldest = e.next;
    }
    if (e.next != null) {
      e.next.prev = e.prev;
    } else {
      youngest = e.prev;
    }
    e.prev = null;
    e.next = null;
    e.slot.cacheEntry = null;
    size--;
  }
}
