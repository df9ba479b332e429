package dev.baton.core.impl.entity;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.Progress;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Puts an entity's incoming requests in order and drops duplicates. Every sender numbers its
 * messages to one entity 1, 2, 3... on a channel (its {@code source}); the inbox keeps, per source,
 * the next number expected. A lower number is a duplicate (a redelivery, or a message sent twice);
 * the expected one is delivered, with any that were waiting behind it; a higher one waits for the
 * gap to fill. A gap that stays open for the reorder window (a message lost to a failed send, or
 * set aside as poison) is skipped. A gap is not waited for at all when the message before it was
 * sent longer than the window ago: a source heard of again after it was forgotten, or sending to an
 * entity whose storage was removed, goes on at once.
 *
 * <p>Sources not heard of for {@link #RETENTION} are forgotten; a message from an unknown source
 * sent before the last forgotten one was heard of is a late duplicate and dropped.
 *
 * <p>The waiting requests are kept by source and sequence number, so an arrival, a duplicate check
 * and each request a closed gap lets through cost O(1) however many wait (100 concurrent senders on
 * one channel leave thousands waiting); they are also kept in arrival order, the order {@link
 * #waiting()} hands to the entity's snapshot.
 *
 * <p>Pure: no clock, no I/O; the caller passes the time. Not thread-safe.
 */
final class EntityInbox {

  /** How long a silent source is remembered. */
  static final Duration RETENTION = Duration.ofDays(1);

  private final Map<String, Progress> senders;

  /** The waiting requests by source and sequence number, in arrival order. */
  private final LinkedHashMap<Slot, Waiting> waiting = new LinkedHashMap<>();

  /** How many requests wait per source. */
  private final Map<String, Integer> waitingPerSource = new HashMap<>();

  /** The earliest arrival among the waiting requests, when known; see {@link #oldest()}. */
  private Instant oldest;

  private boolean oldestKnown = true;
  private final Duration window;
  private Instant horizon;
  private boolean changed;
  private int duplicates;

  EntityInbox(
      Map<String, Progress> senders, List<Waiting> waiting, Instant horizon, Duration window) {
    this.senders = new HashMap<>(senders);
    for (Waiting w : waiting) {
      hold(w);
    }
    this.horizon = horizon;
    this.window = window;
  }

  /**
   * Starts another batch on this inbox, kept from the last one (whose snapshot was committed)
   * rather than read again from that snapshot: what changed and the duplicates are counted afresh.
   */
  void beginBatch() {
    changed = false;
    duplicates = 0;
  }

  /** When the source sent the message before {@code request}, or {@code null}. */
  static Instant previousSentAt(HistoryEvent request) {
    return switch (request) {
      case EntityOperationRequested r -> r.previousSentAt();
      case EntityLockRequested r -> r.previousSentAt();
      default -> throw new IllegalArgumentException("not an ordered request: " + request);
    };
  }

  static String source(HistoryEvent request) {
    return switch (request) {
      case EntityOperationRequested r -> r.source();
      case EntityLockRequested r -> r.source();
      default -> throw new IllegalArgumentException("not an ordered request: " + request);
    };
  }

  static long seq(HistoryEvent request) {
    return switch (request) {
      case EntityOperationRequested r -> r.seq();
      case EntityLockRequested r -> r.seq();
      default -> throw new IllegalArgumentException("not an ordered request: " + request);
    };
  }

  /**
   * Takes a request that arrived at {@code now}; hands {@code deliver} every request that is now
   * due, in order (none when it is a duplicate or waits for an earlier one).
   */
  void accept(HistoryEvent request, Instant now, Consumer<HistoryEvent> deliver) {
    String source = source(request);
    long seq = seq(request);
    Progress progress = senders.get(source);
    if (progress == null && horizon != null && !request.timestamp().isAfter(horizon)) {
      duplicates++; // from a source forgotten since: it was applied long ago
      return;
    }
    long next = progress == null ? 1 : progress.next();
    if (seq < next || seq > next && waiting.containsKey(new Slot(source, seq))) {
      duplicates++;
      return;
    }
    changed = true;
    if (seq > next) {
      Instant previous = previousSentAt(request);
      if (previous == null || previous.plus(window).isAfter(now)) {
        hold(new Waiting(now, request));
        return;
      }
      // what is missing was sent longer ago than the window: it was applied before, or is lost
    }
    deliver.accept(request);
    next = drain(source, seq + 1, deliver);
    senders.put(source, new Progress(next, now));
  }

  /** Delivers the waiting requests of {@code source} that follow {@code next} without a gap. */
  private long drain(String source, long next, Consumer<HistoryEvent> deliver) {
    if (!waitingPerSource.containsKey(source)) {
      return next;
    }
    Waiting w;
    while ((w = release(new Slot(source, next))) != null) {
      deliver.accept(w.request());
      next++;
    }
    return next;
  }

  /** Adds {@code w} to the waiting requests; a second one for the same slot is dropped. */
  private void hold(Waiting w) {
    HistoryEvent r = w.request();
    String source = source(r);
    if (waiting.putIfAbsent(new Slot(source, seq(r)), w) != null) {
      return;
    }
    waitingPerSource.merge(source, 1, Integer::sum);
    if (oldestKnown && (oldest == null || w.arrivedAt().isBefore(oldest))) {
      oldest = w.arrivedAt();
    }
  }

  /** Removes and returns the request waiting in {@code slot}, or {@code null}. */
  private Waiting release(Slot slot) {
    Waiting w = waiting.remove(slot);
    if (w != null) {
      forget(slot.source(), w);
    }
    return w;
  }

  private void forget(String source, Waiting w) {
    waitingPerSource.computeIfPresent(source, (s, n) -> n == 1 ? null : n - 1);
    if (waiting.isEmpty()) {
      oldest = null;
      oldestKnown = true;
    } else if (w.arrivedAt().equals(oldest)) {
      oldestKnown = false; // found again when asked
    }
  }

  /** The earliest arrival among the waiting requests, or {@code null} when none waits. */
  private Instant oldest() {
    if (!oldestKnown) {
      oldest = null;
      for (Waiting w : waiting.values()) {
        if (oldest == null || w.arrivedAt().isBefore(oldest)) {
          oldest = w.arrivedAt();
        }
      }
      oldestKnown = true;
    }
    return oldest;
  }

  /**
   * Gives up on gaps older than {@code window}: the waiting requests of each source whose oldest
   * has waited that long are delivered in order, skipping the missing numbers.
   */
  void expire(Instant now, Consumer<HistoryEvent> deliver) {
    Instant first = oldest();
    if (first == null || first.plus(window).isAfter(now)) {
      return;
    }
    Set<String> expired = new HashSet<>();
    for (Waiting w : waiting.values()) {
      if (!w.arrivedAt().plus(window).isAfter(now)) {
        expired.add(source(w.request()));
      }
    }
    for (String source : expired) {
      List<HistoryEvent> mine = new ArrayList<>();
      for (Iterator<Map.Entry<Slot, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        if (entry.getKey().source().equals(source)) {
          it.remove();
          forget(source, entry.getValue());
          mine.add(entry.getValue().request());
        }
      }
      mine.sort(Comparator.comparingLong(EntityInbox::seq));
      Progress progress = senders.get(source);
      long next = progress == null ? 1 : progress.next();
      for (HistoryEvent r : mine) {
        if (seq(r) >= next) {
          deliver.accept(r);
          next = seq(r) + 1;
        }
      }
      senders.put(source, new Progress(next, now));
      changed = true;
    }
  }

  /** When the oldest gap reaches the window, or {@code null} when nothing waits. */
  Instant nextExpiry() {
    Instant first = oldest();
    return first == null ? null : first.plus(window);
  }

  /** Forgets sources silent for {@link #RETENTION}, moving the horizon past them. */
  void prune(Instant now) {
    Instant cutoff = now.minus(RETENTION);
    for (Iterator<Map.Entry<String, Progress>> it = senders.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      Instant seen = entry.getValue().lastSeen();
      if (seen.isBefore(cutoff) && !hasWaiting(entry.getKey())) {
        it.remove();
        horizon = horizon == null || seen.isAfter(horizon) ? seen : horizon;
        changed = true;
      }
    }
  }

  private boolean hasWaiting(String source) {
    return waitingPerSource.containsKey(source);
  }

  /** Whether every source was last heard of at least the window before {@code now}. */
  boolean allSilentSince(Instant now) {
    for (Progress p : senders.values()) {
      if (p.lastSeen().plus(window).isAfter(now)) {
        return false;
      }
    }
    return true;
  }

  boolean hasWaiting() {
    return !waiting.isEmpty();
  }

  /** Whether anything changed since this inbox was read from the snapshot. */
  boolean changed() {
    return changed;
  }

  /** Requests dropped as duplicates. */
  int duplicates() {
    return duplicates;
  }

  Map<String, Progress> senders() {
    return senders;
  }

  /** The waiting requests, in the order they arrived. */
  List<Waiting> waiting() {
    return List.copyOf(waiting.values());
  }

  Instant horizon() {
    return horizon;
  }

  /** Where a waiting request sits: its source and its number there. */
  private record Slot(String source, long seq) {}
}
