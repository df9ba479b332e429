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
 * blocking while there is work and room for it, and restarts at once when woken by a local send.
 * Local sends always wake it, so its poll timer only looks for messages nobody announced (another
 * process's, a redelivery): the timer's interval doubles, up to the engine's {@code
 * maxPollInterval}, while its polls find nothing, and drops to the minimum only when one finds
 * something. Each short timer costs the event loop a busy wait (Netty spins on {@code selectNow} in
 * a timer's last half millisecond), so a busy local flow must not keep re-arming them.
 *
 * <p>States: {@code IDLE (timer set) -> RECEIVING -> IDLE | RECEIVING}; a wake while receiving
 * makes the next round start at once; {@code STOPPED} is final, and a batch that arrives after the
 * stop is handed back to the queue.
 */
final class ReceiveLoop<M> {

  private static final System.Logger LOG = System.getLogger(ReceiveLoop.class.getName());

  /** The longest wait while the owner has no room: it may free room without a wake. */
  private static final long FULL_RETRY_MS = 20;

  /**
   * The timers and the clock a loop polls by: Vert.x's in an engine, a test's that records each
   * delay and fires it by hand, so the backoff schedule is checked without waiting.
   */
  interface Timers {
    /** Runs {@code handler} on the loop's context after {@code delayMs}; returns the timer id. */
    long set(long delayMs, io.vertx.core.Handler<Long> handler);

    void cancel(long id);

    long nanoTime();

    static Timers of(Vertx vertx) {
      return new Timers() {
        @Override
        public long set(long delayMs, io.vertx.core.Handler<Long> handler) {
          return vertx.setTimer(delayMs, handler);
        }

        @Override
        public void cancel(long id) {
          vertx.cancelTimer(id);
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }
      };
    }
  }

  private final Timers timers;
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

  /** Whether the pending timer's poll looks for unannounced messages (else it retries for room). */
  private boolean timerLooks;

  /** The poll timer's interval: grows while timer polls find nothing. */
  private long backoffMs;

  /** The retry interval while the owner has no room. */
  private long fullBackoffMs;

  /** Whether the loop polls on its own for unannounced messages (else only when woken). */
  private boolean polls = true;

  /** Runs when a poll of its own found messages nobody announced. */
  private Runnable foundUnannounced = () -> {};

  /** One pending wake covers every send until it runs: a burst of sends costs one task. */
  private final java.util.concurrent.atomic.AtomicBoolean wakePending =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param timers what the loop polls by: {@link Timers#of} a Vert.x, or a test's hand-driven clock
   * @param takeRoom how many messages the owner can take now (it may reserve them)
   * @param returnRoom gives back what was reserved but not received
   * @param accept takes each received batch, on the owner's context
   */
  ReceiveLoop(
      Timers timers,
      Context context,
      MessageQueue<M> queue,
      String name,
      Duration visibilityTimeout,
      Duration maxPollInterval,
      IntSupplier takeRoom,
      IntConsumer returnRoom,
      Consumer<List<Delivery<M>>> accept) {
    this.timers = timers;
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
    poll(false); // a pending timer stays: re-arming it on every wake costs more than a spare poll
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
      context.runOnContext(v -> timers.set(ms, t -> wake()));
    }
  }

  /** On the owner's context: room was freed; receive now if the loop waits for room. */
  void roomFreed() {
    if (full && !stopped && !receiving) {
      poll(false);
    }
  }

  /**
   * Makes this loop receive only when woken (or retrying for room): another loop on the same queue
   * looks for unannounced messages and wakes this one when it finds some. Call before {@link
   * #start}.
   */
  void receiveOnlyWhenWoken() {
    polls = false;
  }

  /** Runs {@code action} (on this loop's context) when a poll of its own finds messages. */
  void onUnannounced(Runnable action) {
    foundUnannounced = action;
  }

  /** Starts the loop. */
  void start() {
    poll(true);
  }

  /** Stops the loop for good. */
  void stop() {
    stopped = true;
    cancelTimer();
  }

  private void cancelTimer() {
    if (timer >= 0) {
      timers.cancel(timer);
      timer = -1;
    }
  }

  /**
   * Polls again within {@code ms}: a pending timer due no later is kept (an early poll finds
   * nothing and backs off further), a later one is replaced.
   *
   * @param looks whether the poll looks for unannounced messages, else it retries for room
   */
  private void pollWithin(long ms, boolean looks) {
    long due = timers.nanoTime() + ms * 1_000_000;
    if (timer >= 0) {
      if (timerDueNanos - due <= 0) {
        timerLooks |= looks;
        return;
      }
      timers.cancel(timer);
    }
    timerDueNanos = due;
    timerLooks = looks;
    timer = timers.set(ms, this::timerFired);
  }

  private void timerFired(long id) {
    boolean looks = true;
    if (timer == id) {
      timer = -1;
      looks = timerLooks;
    }
    poll(looks);
  }

  /**
   * @param byTimer whether the poll looks for unannounced messages (else a wake announced some)
   */
  private void poll(boolean byTimer) {
    if (stopped || receiving) {
      return;
    }
    int room = takeRoom.getAsInt();
    full = room <= 0;
    if (full) {
      fullBackoffMs = Math.min(Math.max(1, fullBackoffMs * 2), FULL_RETRY_MS);
      pollWithin(fullBackoffMs, false);
      return;
    }
    fullBackoffMs = 0;
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
              boolean woken = wakeRequested;
              wakeRequested = false;
              boolean again = woken;
              if (ar.failed()) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    name + " receive failed",
                    LogSafe.thrown(ar.cause()));
              } else if (!ar.result().isEmpty()) {
                if (byTimer) {
                  backoffMs = 0; // someone sends without waking this loop: poll eagerly
                  foundUnannounced.run();
                }
                accept.accept(ar.result());
                again = true;
              }
              if (again) {
                boolean nextByTimer = byTimer && !woken;
                context.runOnContext(v -> poll(nextByTimer));
              } else if (polls) {
                if (byTimer) {
                  backoffMs = Math.min(Math.max(1, backoffMs * 2), maxPollMillis);
                }
                pollWithin(Math.max(1, backoffMs), true);
              }
            });
  }
}
