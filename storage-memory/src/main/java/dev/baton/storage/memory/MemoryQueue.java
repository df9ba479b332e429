package dev.baton.storage.memory;

import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.SetAsideMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue with visibility timeouts. Visible messages wait in {@code ready} in the order they became
 * visible; hidden ones (in flight or delayed) wait in {@code hidden}, ordered by the time they
 * become visible. Every call takes the lock for a few map and tree operations only.
 *
 * <p>A message made hidden or deleted while it sat in {@code ready} leaves a stale node there;
 * rather than search the deque for it, the entry counts its stale nodes and {@link #receive} skips
 * that many. The stale node always precedes any later node of the same entry, since the deque is
 * first in, first out.
 */
final class MemoryQueue<M> implements MessageQueue<M> {

  /** By the time an entry becomes visible, then by when it was hidden (one plain comparison). */
  private static final Comparator<Entry<?>> BY_VISIBLE_AT =
      (a, b) ->
          a.visibleAt != b.visibleAt
              ? Long.compare(a.visibleAt, b.visibleAt)
              : Long.compare(a.seq, b.seq);

  private final HubState hub;
  private final String idPrefix;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Entry<M>> ready = new ArrayDeque<>();
  private final TreeSet<Entry<M>> hidden = new TreeSet<>(BY_VISIBLE_AT);
  private final HashMap<String, Entry<M>> byId = new HashMap<>();
  private final ArrayList<SetAsideMessage<M>> setAside = new ArrayList<>();
  private long nextId;
  private long nextReceipt;
  private long nextSeq;

  /**
   * @param idPrefix starts every message id of this queue, unique in the backend
   */
  MemoryQueue(HubState hub, String idPrefix) {
    this.hub = hub;
    this.idPrefix = idPrefix;
  }

  private enum State {
    READY,
    HIDDEN,
    DELETED
  }

  private static final class Entry<M> {
    final String id;
    final M message;
    final Instant insertedAt;
    State state;
    int dequeueCount;
    String receipt;
    long visibleAt;
    long seq;
    int staleReadyNodes;

    Entry(String id, M message, Instant insertedAt) {
      this.id = id;
      this.message = message;
      this.insertedAt = insertedAt;
    }

    Delivery<M> delivery() {
      return new Delivery<>(id, receipt, dequeueCount, insertedAt, message);
    }
  }

  @Override
  public Future<Void> send(List<M> messages, Duration delay) {
    Objects.requireNonNull(messages, "messages");
    for (M m : messages) {
      if (m == null) {
        return HubState.invalid("messages must not contain null");
      }
    }
    if (hub.isDeleted()) {
      return hub.gone();
    }
    long now = hub.clock().millis();
    long visibleAt = plus(now, delay);
    Instant insertedAt = Instant.ofEpochMilli(now);
    lock.lock();
    try {
      promoteDue(now);
      for (M m : messages) {
        var e = new Entry<>(idPrefix + nextId++, m, insertedAt);
        byId.put(e.id, e);
        if (visibleAt <= now) {
          makeReady(e);
        } else {
          hide(e, visibleAt);
        }
      }
    } finally {
      lock.unlock();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Delivery<M>>> receive(int max, Duration visibilityTimeout) {
    if (max < 1) {
      return HubState.invalid("max must be at least 1, was " + max);
    }
    if (hub.isDeleted()) {
      return hub.gone();
    }
    long now = hub.clock().millis();
    long hiddenUntil = plus(now, visibilityTimeout);
    List<Delivery<M>> out = null;
    lock.lock();
    try {
      promoteDue(now);
      Entry<M> e;
      while ((out == null || out.size() < max) && (e = ready.pollFirst()) != null) {
        if (e.staleReadyNodes > 0) {
          e.staleReadyNodes--;
          continue;
        }
        e.dequeueCount++;
        e.receipt = newReceipt();
        hide(e, hiddenUntil);
        if (out == null) {
          out = new ArrayList<>(Math.min(max, ready.size() + 1));
        }
        out.add(e.delivery());
      }
    } finally {
      lock.unlock();
    }
    return Future.succeededFuture(out == null ? List.of() : out);
  }

  @Override
  public Future<Void> delete(Delivery<M> delivery) {
    return remove(delivery, null);
  }

  @Override
  public Future<Void> setAside(Delivery<M> delivery, String reason) {
    if (reason == null) {
      return HubState.invalid("reason must not be null");
    }
    return remove(delivery, reason);
  }

  @Override
  public Future<List<SetAsideMessage<M>>> setAsideMessages(int max) {
    if (max < 1) {
      return HubState.invalid("max must be at least 1, was " + max);
    }
    if (hub.isDeleted()) {
      return hub.gone();
    }
    lock.lock();
    try {
      return Future.succeededFuture(
          List.copyOf(setAside.subList(0, Math.min(max, setAside.size()))));
    } finally {
      lock.unlock();
    }
  }

  /** Deletes a delivered message; with a reason, keeps it aside. */
  private Future<Void> remove(Delivery<M> delivery, String setAsideReason) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Problem problem;
    lock.lock();
    try {
      Entry<M> e = byId.get(delivery.messageId());
      problem = check(e, delivery);
      if (problem == null) {
        byId.remove(e.id);
        unlink(e);
        e.state = State.DELETED;
        if (setAsideReason != null) {
          setAside.add(
              new SetAsideMessage<>(
                  e.id,
                  setAsideReason,
                  e.dequeueCount,
                  Instant.ofEpochMilli(hub.clock().millis()),
                  e.message,
                  null));
        }
        return Future.succeededFuture();
      }
    } finally {
      lock.unlock();
    }
    return failure(problem, delivery);
  }

  @Override
  public Future<Delivery<M>> updateVisibility(Delivery<M> delivery, Duration delay) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    long now = hub.clock().millis();
    long visibleAt = plus(now, delay);
    Problem problem;
    lock.lock();
    try {
      Entry<M> e = byId.get(delivery.messageId());
      problem = check(e, delivery);
      if (problem == null) {
        unlink(e);
        e.receipt = newReceipt();
        if (visibleAt <= now) {
          makeReady(e);
        } else {
          hide(e, visibleAt);
        }
        return Future.succeededFuture(e.delivery());
      }
    } finally {
      lock.unlock();
    }
    return failure(problem, delivery);
  }

  @Override
  public Future<Long> approximateCount() {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    lock.lock();
    try {
      return Future.succeededFuture((long) byId.size());
    } finally {
      lock.unlock();
    }
  }

  /**
   * When no message is visible and none has been delivered and not yet deleted (nothing is being
   * worked on): the time the earliest delayed message becomes visible, {@link Long#MAX_VALUE} when
   * none waits. {@code -1} while any message is visible or in flight.
   */
  long quietUntil() {
    long now = hub.clock().millis();
    lock.lock();
    try {
      long earliest = Long.MAX_VALUE;
      for (Entry<M> e : byId.values()) {
        if (e.state == State.READY || e.dequeueCount > 0 || e.visibleAt <= now) {
          return -1;
        }
        earliest = Math.min(earliest, e.visibleAt);
      }
      return earliest;
    } finally {
      lock.unlock();
    }
  }

  /** Drops every message; the hub was deleted. */
  void clear() {
    lock.lock();
    try {
      ready.clear();
      hidden.clear();
      byId.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Why a delivery cannot delete or update a message. */
  private enum Problem {
    GONE,
    STALE_RECEIPT
  }

  /** Why {@code delivery} cannot act on {@code e}, or {@code null} when its receipt is current. */
  private static Problem check(Entry<?> e, Delivery<?> delivery) {
    if (e == null) {
      return Problem.GONE;
    }
    return delivery.receipt().equals(e.receipt) ? null : Problem.STALE_RECEIPT;
  }

  private static <T> Future<T> failure(Problem problem, Delivery<?> delivery) {
    if (problem == Problem.GONE) {
      return HubState.notFound(
          "message " + delivery.messageId() + " is not in the queue (deleted already?)");
    }
    return HubState.conflict(
        "stale receipt for message "
            + delivery.messageId()
            + ": it was delivered or updated again since");
  }

  /** Moves the hidden messages whose time has come to the end of {@code ready}. */
  private void promoteDue(long now) {
    Entry<M> first;
    while (!hidden.isEmpty() && (first = hidden.first()).visibleAt <= now) {
      hidden.pollFirst();
      makeReady(first);
    }
  }

  private void makeReady(Entry<M> e) {
    e.state = State.READY;
    ready.addLast(e);
  }

  private void hide(Entry<M> e, long visibleAt) {
    e.state = State.HIDDEN;
    e.visibleAt = visibleAt;
    e.seq = nextSeq++;
    hidden.add(e);
  }

  /** Takes {@code e} out of wherever it waits. */
  private void unlink(Entry<M> e) {
    if (e.state == State.HIDDEN) {
      hidden.remove(e);
    } else if (e.state == State.READY) {
      e.staleReadyNodes++;
    }
  }

  private String newReceipt() {
    return Long.toString(++nextReceipt, 36);
  }

  private static long plus(long now, Duration d) {
    long millis = HubState.ceilMillis(d);
    long sum = now + millis;
    return sum < now ? Long.MAX_VALUE : sum;
  }
}
