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
 * <p>Pure: no clock, no I/O; the caller passes the time. Not thread-safe.
 */
final class EntityInbox {

  /** How long a silent source is remembered. */
  static final Duration RETENTION = Duration.ofDays(1);

  private final Map<String, Progress> senders;
  private final List<Waiting> waiting;
  private final Duration window;
  private Instant horizon;
  private boolean changed;
  private int duplicates;

  EntityInbox(
      Map<String, Progress> senders, List<Waiting> waiting, Instant horizon, Duration window) {
    this.senders = new HashMap<>(senders);
    this.waiting = new ArrayList<>(waiting);
    this.horizon = horizon;
    this.window = window;
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
    if (seq < next || seq > next && isWaiting(source, seq)) {
      duplicates++;
      return;
    }
    changed = true;
    if (seq > next) {
      Instant previous = previousSentAt(request);
      if (previous == null || previous.plus(window).isAfter(now)) {
        waiting.add(new Waiting(now, request));
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
    boolean found = !waiting.isEmpty();
    while (found) {
      found = false;
      for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
        HistoryEvent r = it.next().request();
        if (seq(r) == next && source(r).equals(source)) {
          it.remove();
          deliver.accept(r);
          next++;
          found = true;
          break;
        }
      }
    }
    return next;
  }

  private boolean isWaiting(String source, long seq) {
    for (Waiting w : waiting) {
      if (seq(w.request()) == seq && source(w.request()).equals(source)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gives up on gaps older than {@code window}: the waiting requests of each source whose oldest
   * has waited that long are delivered in order, skipping the missing numbers.
   */
  void expire(Instant now, Consumer<HistoryEvent> deliver) {
    if (waiting.isEmpty()) {
      return;
    }
    Set<String> expired = new HashSet<>();
    for (Waiting w : waiting) {
      if (!w.arrivedAt().plus(window).isAfter(now)) {
        expired.add(source(w.request()));
      }
    }
    for (String source : expired) {
      List<HistoryEvent> mine = new ArrayList<>();
      waiting.removeIf(
          w -> {
            if (source(w.request()).equals(source)) {
              mine.add(w.request());
              return true;
            }
            return false;
          });
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
    Instant first = null;
    for (Waiting w : waiting) {
      if (first == null || w.arrivedAt().isBefore(first)) {
        first = w.arrivedAt();
      }
    }
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
    for (Waiting w : waiting) {
      if (source(w.request()).equals(source)) {
        return true;
      }
    }
    return false;
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

  List<Waiting> waiting() {
    return waiting;
  }

  Instant horizon() {
    return horizon;
  }
}
