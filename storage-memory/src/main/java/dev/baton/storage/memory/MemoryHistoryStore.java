package dev.baton.storage.memory;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.StoredHistory;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Histories as lists of the event records themselves, without serialization, and without locks.
 *
 * <p>Each instance maps to a {@link History} holding an immutable {@link Snapshot}: the first
 * {@code size} slots of an event array, with the ETag of the write that made it. An append claims
 * the slots after the snapshot in the same array when it has room and nobody claimed them yet,
 * writes its events there and swaps the holder from the old snapshot to the new one; so appending
 * costs one map lookup and the new events only (amortised), whatever the history's length. Slots
 * below a published size are never written again, so readers copy them without locking. A writer
 * that loses the claim copies to a fresh array; a writer that loses the swap fails with CONFLICT,
 * leaving its slots unused. A deleted history's holder is swapped to {@link #GONE} before it leaves
 * the map, so a writer that found it just before can never succeed on it.
 */
final class MemoryHistoryStore implements HistoryStore {

  private static final int MIN_CAPACITY = 16;
  private static final HistoryEvent[] NO_EVENTS = new HistoryEvent[0];

  private final HubState hub;

  /** What a deleted history's holder holds: no write matches it, no read sees it. */
  private static final Snapshot GONE = new Snapshot(null, 0, "");

  private final ConcurrentHashMap<String, History> histories = new ConcurrentHashMap<>();

  MemoryHistoryStore(HubState hub) {
    this.hub = hub;
  }

  /** An event array shared by successive snapshots; slots at or past {@code claimed} are free. */
  private static final class Events {
    final HistoryEvent[] array;
    final AtomicInteger claimed;

    Events(HistoryEvent[] array, int claimed) {
      this.array = array;
      this.claimed = new AtomicInteger(claimed);
    }
  }

  /** An instance's current snapshot, swapped by compare-and-set. */
  @SuppressWarnings("serial") // never serialized
  private static final class History extends AtomicReference<Snapshot> {
    History(Snapshot first) {
      super(first);
    }
  }

  /** One version of a history; compared by identity when the holder is swapped. */
  private static final class Snapshot {
    final Events events;
    final int size;
    final String etag;

    Snapshot(Events events, int size, String etag) {
      this.events = events;
      this.size = size;
      this.etag = etag;
    }
  }

  @Override
  public Future<StoredHistory> load(String instanceId) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Snapshot s = current(histories.get(instanceId));
    if (s == null) {
      return Future.succeededFuture(StoredHistory.EMPTY);
    }
    List<HistoryEvent> events = Arrays.asList(s.events.array).subList(0, s.size);
    return Future.succeededFuture(new StoredHistory(events, s.etag));
  }

  @Override
  public Future<String> append(String instanceId, String expectedEtag, List<HistoryEvent> events) {
    return write(instanceId, expectedEtag, events, false);
  }

  @Override
  public Future<String> replace(String instanceId, String expectedEtag, List<HistoryEvent> events) {
    return write(instanceId, expectedEtag, events, true);
  }

  @Override
  public Future<Boolean> delete(String instanceId) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    History history = histories.get(instanceId);
    while (history != null) {
      Snapshot s = history.get();
      if (s == GONE) {
        break; // another delete took it
      }
      if (history.compareAndSet(s, GONE)) {
        histories.remove(instanceId, history);
        return Future.succeededFuture(true);
      }
    }
    return Future.succeededFuture(false);
  }

  /** Drops every history; the hub was deleted. */
  void clear() {
    histories.values().forEach(h -> h.set(GONE));
    histories.clear();
  }

  /** The snapshot {@code history} holds, {@code null} for none or a deleted one. */
  private static Snapshot current(History history) {
    if (history == null) {
      return null;
    }
    Snapshot s = history.get();
    return s == GONE ? null : s;
  }

  private Future<String> write(
      String instanceId, String expectedEtag, List<HistoryEvent> events, boolean replace) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(events, "events");
    HistoryEvent[] added = events.toArray(NO_EVENTS);
    for (HistoryEvent e : added) {
      if (e == null) {
        return HubState.invalid("events must not contain null");
      }
    }
    if (hub.isDeleted()) {
      return hub.gone();
    }
    String etag = hub.nextEtag();
    while (true) {
      History history = histories.get(instanceId);
      Snapshot current = current(history);
      if (!matches(current, expectedEtag)) {
        return HubState.conflict(mismatch(instanceId, current, expectedEtag));
      }
      Snapshot next =
          current == null || replace ? fresh(added, etag) : extend(current, added, etag);
      boolean swapped;
      if (current != null) {
        swapped = history.compareAndSet(current, next);
      } else if (history != null) {
        histories.remove(instanceId, history); // deleted: a new holder takes its place
        swapped = false;
      } else {
        swapped = histories.putIfAbsent(instanceId, new History(next)) == null;
      }
      if (swapped) {
        return Future.succeededFuture(etag);
      }
      // Another write or delete won the race; the next round sees what it left.
    }
  }

  private static boolean matches(Snapshot current, String expectedEtag) {
    return current == null ? expectedEtag == null : current.etag.equals(expectedEtag);
  }

  private static String mismatch(String instanceId, Snapshot current, String expectedEtag) {
    if (current == null) {
      return "instance '" + instanceId + "' has no history; expected ETag " + expectedEtag;
    }
    if (expectedEtag == null) {
      return "instance '" + instanceId + "' already has a history (ETag " + current.etag + ")";
    }
    return "history of '"
        + instanceId
        + "' changed: expected ETag "
        + expectedEtag
        + ", found "
        + current.etag;
  }

  private static Snapshot fresh(HistoryEvent[] added, String etag) {
    var array = Arrays.copyOf(added, Math.max(MIN_CAPACITY, added.length));
    return new Snapshot(new Events(array, added.length), added.length, etag);
  }

  private static Snapshot extend(Snapshot current, HistoryEvent[] added, String etag) {
    int size = current.size + added.length;
    Events events = current.events;
    if (size <= events.array.length && events.claimed.compareAndSet(current.size, size)) {
      System.arraycopy(added, 0, events.array, current.size, added.length);
      return new Snapshot(events, size, etag);
    }
    var array = new HistoryEvent[Math.max(MIN_CAPACITY, size * 2)];
    System.arraycopy(events.array, 0, array, 0, current.size);
    System.arraycopy(added, 0, array, current.size, added.length);
    return new Snapshot(new Events(array, size), size, etag);
  }
}
