package dev.baton.core.impl;

import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The receive loop of one queue consumer, run on its owner's context: receives batches without
 * blocking while there is work and room for it, backs off (doubling up to the engine's {@code
 * maxPollInterval}) when the queue is empty, and restarts at once when woken by a local send.
 *
 * <p>States: {@code IDLE (timer set) -> RECEIVING -> IDLE | RECEIVING}; a wake while receiving
 * makes the next round start at once; {@code STOPPED} is final, and a batch that arrives after the
 * stop is handed back to the queue.
 */
final class ReceiveLoop<M> {

  private static final System.Logger LOG = System.getLogger(ReceiveLoop.class.getName());

  /** The longest wait while the owner has no room: it may free room without a wake. */
  private static final long FULL_RETRY_MS = 20;

  private final Vertx vertx;
  private final Context context;
  private final MessageQueue<M> queue;
  private final String name;
  private final Duration visibilityTimeout;
  private final long maxPollMillis;
  private final IntSupplier takeRoom;
  private final IntConsumer returnRoom;
  private final Consumer<List<Delivery<M>>> accept;

  private boolean receiving;
  private boolean wakeRequested;
  private boolean stopped;
  private boolean full;
  private long timer = -1;
  private long timerDueNanos;
  private long backoffMs;

  /** One pending wake covers every send until it runs: a burst of sends costs one task. */
  private final java.util.concurrent.atomic.AtomicBoolean wakePending =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param takeRoom how many messages the owner can take now (it may reserve them)
   * @param returnRoom gives back what was reserved but not received
   * @param accept takes each received batch, on the owner's context
   */
  ReceiveLoop(
      Vertx vertx,
      Context context,
      MessageQueue<M> queue,
      String name,
      Duration visibilityTimeout,
      Duration maxPollInterval,
      IntSupplier takeRoom,
      IntConsumer returnRoom,
      Consumer<List<Delivery<M>>> accept) {
    this.vertx = vertx;
    this.context = context;
    this.queue = queue;
    this.name = name;
    this.visibilityTimeout = visibilityTimeout;
    this.maxPollMillis = maxPollInterval.toMillis();
    this.takeRoom = takeRoom;
    this.returnRoom = returnRoom;
    this.accept = accept;
  }

  /** On the owner's context: a message was just sent here, receive now. */
  void wake() {
    if (stopped) {
      return;
    }
    if (receiving) {
      wakeRequested = true;
      return;
    }
    backoffMs = 0;
    poll(); // a pending timer stays: re-arming it on every wake costs more than a spare poll
  }

  /** From any thread: wakes the loop after {@code delay} (at once when zero). */
  void wakeAfter(Duration delay) {
    if (delay.isZero()) {
      if (Vertx.currentContext() == context) {
        wake();
      } else if (wakePending.compareAndSet(false, true)) {
        context.runOnContext(
            v -> {
              wakePending.set(false);
              wake();
            });
      }
    } else {
      long ms = Math.max(1, delay.toMillis() + 1);
      context.runOnContext(v -> vertx.setTimer(ms, t -> wake()));
    }
  }

  /** On the owner's context: room was freed; receive now if the loop waits for room. */
  void roomFreed() {
    if (full && !stopped && !receiving) {
      poll();
    }
  }

  /** Starts the loop. */
  void start() {
    poll();
  }

  /** Stops the loop for good. */
  void stop() {
    stopped = true;
    cancelTimer();
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Polls again within {@code ms}: a pending timer due no later is kept (an early poll finds
   * nothing and backs off further), a later one is replaced.
   */
  private void pollWithin(long ms) {
    long due = System.nanoTime() + ms * 1_000_000;
    if (timer >= 0) {
      if (timerDueNanos - due <= 0) {
        return;
      }
      vertx.cancelTimer(timer);
    }
    timerDueNanos = due;
    timer = vertx.setTimer(ms, this::timerFired);
  }

  private void timerFired(long id) {
    if (timer == id) {
      timer = -1;
    }
    poll();
  }

  private void poll() {
    if (stopped || receiving) {
      return;
    }
    int room = takeRoom.getAsInt();
    full = room <= 0;
    if (full) {
      backoffMs = Math.min(Math.max(1, backoffMs * 2), FULL_RETRY_MS);
      pollWithin(backoffMs);
      return;
    }
    receiving = true;
    queue
        .receive(room, visibilityTimeout)
        .onComplete(
            ar -> {
              receiving = false;
              returnRoom.accept(room - (ar.succeeded() ? ar.result().size() : 0));
              if (stopped) {
                if (ar.succeeded()) {
                  ar.result().forEach(d -> queue.updateVisibility(d, Duration.ZERO));
                }
                return;
              }
              boolean again = wakeRequested;
              wakeRequested = false;
              if (ar.failed()) {
                LOG.log(System.Logger.Level.WARNING, name + " receive failed", ar.cause());
              } else if (!ar.result().isEmpty()) {
                accept.accept(ar.result());
                again = true;
              }
              if (again) {
                backoffMs = 0;
                context.runOnContext(v -> poll());
              } else {
                backoffMs = Math.min(Math.max(1, backoffMs * 2), maxPollMillis);
                pollWithin(backoffMs);
              }
            });
  }
}
