package dev.baton.core.impl;

import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The messages a receiver holds: received and not yet deleted or given back. A message held for
 * half its visibility timeout has its invisibility extended, so one that waits behind a busy
 * instance, or whose activity runs long, is not delivered again meanwhile: a second delivery would
 * count against its dequeue limit and cost a duplicate episode or a second run of the activity.
 * Only the newest receipt of each message is kept, and a delete or give-back waits for a renewal
 * under way, so it never uses a receipt the renewal has just replaced.
 *
 * <p>Used on one Vert.x context only (the receiver's).
 */
final class HeldMessages<M> {

  private static final System.Logger LOG = System.getLogger(HeldMessages.class.getName());

  private static final class Held<M> {
    private Delivery<M> delivery;
    private long since;
    private Future<Delivery<M>> renewal;
    private boolean renew = true;

    private Held(Delivery<M> delivery, long since) {
      this.delivery = delivery;
      this.since = since;
    }
  }

  /**
   * Renewals sent per tick at most, the oldest holds first: each is a request to the store, and a
   * burst of held messages (a fan-in's results behind their busy instance) must not turn into a
   * burst of requests. A message the budget does not reach may be delivered again, which costs a
   * dropped duplicate, not a wrong result.
   */
  static final int MAX_RENEWALS_PER_TICK = 32;

  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final MessageQueue<M> queue;
  private final Duration visibility;
  private final long renewAfterNanos;
  private final Map<String, Held<M>> held = new LinkedHashMap<>();

  /** Deletes and set-asides under way (their answers may arrive on a store's own thread). */
  private final Set<Future<?>> finishing = ConcurrentHashMap.newKeySet();

  private long timer = -1;
  private volatile long renewals; // read by tests from their own thread

  HeldMessages(Vertx vertx, MessageQueue<M> queue, Duration visibility) {
    this(vertx, queue, visibility, System::nanoTime);
  }

  /**
   * @param nanoTime the time by which a hold's age is measured (in nanoseconds, as {@link
   *     System#nanoTime}): a test moves it with the queue's clock
   */
  HeldMessages(Vertx vertx, MessageQueue<M> queue, Duration visibility, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.vertx = vertx;
    this.queue = queue;
    this.visibility = visibility;
    this.renewAfterNanos = visibility.toNanos() / 2;
  }

  /** Starts extending the invisibility of messages held long; call on the receiver's context. */
  void start() {
    long period = Math.max(10, visibility.toMillis() / 4);
    timer = vertx.setPeriodic(period, id -> renewDue());
  }

  /** Stops the renewals; the messages still held come back when their visibility ends. */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Takes a delivery. Returns {@code false} when the message is held already (delivered again
   * before a renewal reached it): its newer receipt replaces the old one.
   */
  boolean hold(Delivery<M> delivery) {
    long now = nanoTime.getAsLong();
    Held<M> h = held.get(delivery.messageId());
    if (h == null) {
      held.put(delivery.messageId(), new Held<>(delivery, now));
      return true;
    }
    h.delivery = delivery;
    h.since = now;
    return false;
  }

  /**
   * Lets a held message's visibility lapse: it is delivered again in its time, and counts toward
   * the poison limit (e.g. an event for an instance that has not started).
   */
  void stopRenewing(String messageId) {
    Held<M> h = held.get(messageId);
    if (h != null) {
      h.renew = false;
    }
  }

  /** The newest delivery of a held message, or {@code null}. */
  Delivery<M> get(String messageId) {
    Held<M> h = held.get(messageId);
    return h == null ? null : h.delivery;
  }

  int size() {
    return held.size();
  }

  /** How many times an invisibility was extended. */
  long renewals() {
    return renewals;
  }

  /** Deletes a held message for good; a no-op for one not held. */
  void delete(String messageId) {
    Future<Delivery<M>> d = release(messageId);
    if (d != null) {
      finishing(d.compose(queue::delete))
          .onFailure(
              t -> {
                if (!(t instanceof StoreException)) {
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "delete of message " + messageId + " failed",
                      LogSafe.thrown(t));
                }
              });
    }
  }

  /** Sets a held message aside for good (a poison message), with the reason. */
  void setAside(String messageId, String reason) {
    Future<Delivery<M>> d = release(messageId);
    if (d != null) {
      finishing(d.compose(delivery -> queue.setAside(delivery, reason)))
          .onFailure(
              t ->
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "setting message " + messageId + " aside failed; it will be delivered again",
                      LogSafe.thrown(t)));
    }
  }

  /**
   * Gives a held message back to the queue, visible again after {@code delay}; completes when the
   * queue has it (or at once for a message not held).
   */
  Future<Void> giveBack(String messageId, Duration delay) {
    Future<Delivery<M>> d = release(messageId);
    if (d == null) {
      return Future.succeededFuture();
    }
    return d.compose(delivery -> queue.updateVisibility(delivery, delay)).<Void>mapEmpty();
  }

  /**
   * Gives every held message back, visible at once; completes when all are back or failed, and when
   * the deletes and set-asides already under way have ended (so a store closed next does not cut
   * off the delete of a message whose work is done, which would then run again).
   */
  Future<Void> giveBackAll() {
    List<Future<?>> back = new ArrayList<>(held.size() + finishing.size());
    for (String messageId : List.copyOf(held.keySet())) {
      back.add(giveBack(messageId, Duration.ZERO).otherwiseEmpty());
    }
    back.addAll(finishing);
    return Future.join(back).otherwiseEmpty().mapEmpty();
  }

  /** Tracks a delete or set-aside until it ends. */
  private <T> Future<T> finishing(Future<T> call) {
    if (!call.isComplete()) {
      Future<?> tracked = call.otherwiseEmpty();
      finishing.add(tracked);
      tracked.onComplete(ar -> finishing.remove(tracked));
    }
    return call;
  }

  /** Stops holding a message: its newest receipt, once a renewal under way has finished. */
  private Future<Delivery<M>> release(String messageId) {
    Held<M> h = held.remove(messageId);
    if (h == null) {
      return null;
    }
    if (h.renewal == null) {
      return Future.succeededFuture(h.delivery);
    }
    return h.renewal.transform(ar -> Future.succeededFuture(h.delivery));
  }

  /** One tick of the renewals: extends the holds that are due (the periodic timer calls it). */
  void renewDue() {
    long now = nanoTime.getAsLong();
    int budget = MAX_RENEWALS_PER_TICK;
    for (Held<M> h : held.values()) {
      if (budget == 0) {
        return;
      }
      if (h.renew && h.renewal == null && now - h.since >= renewAfterNanos) {
        renew(h);
        budget--;
      }
    }
  }

  private void renew(Held<M> h) {
    Delivery<M> old = h.delivery;
    Promise<Delivery<M>> done = Promise.promise();
    h.renewal = done.future(); // set first: a queue may answer before updateVisibility returns
    queue
        .updateVisibility(old, visibility)
        .onComplete(
            ar -> {
              h.renewal = null;
              if (ar.succeeded() && h.delivery == old) {
                h.delivery = ar.result();
                h.since = nanoTime.getAsLong();
                renewals++;
              } else if (ar.failed()) {
                // delivered again meanwhile (the newer receipt is held) or gone: nothing to do
                LOG.log(
                    System.Logger.Level.DEBUG,
                    "visibility of message " + old.messageId() + " not extended",
                    LogSafe.thrown(ar.cause()));
              }
              done.handle(ar);
            });
  }
}
