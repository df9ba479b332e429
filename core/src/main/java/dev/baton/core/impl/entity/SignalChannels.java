package dev.baton.core.impl.entity;

import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.spi.ControlMessage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * A client's signals to entities, numbered and sent in order. Each target gets its own channel (a
 * random source name and a counter), so the entity applies the signals of this client in the order
 * they were numbered and drops a duplicate. Signals are numbered when they are sent, not when they
 * are asked for: one caller at a time per channel takes every signal waiting there, numbers them in
 * the order they came and sends them in one store call; the others' signals wait for it. So
 * concurrent callers' signals reach the entity in their numbers' order (none waits there for an
 * earlier one still on its way), and a burst costs one send.
 *
 * <p>A send that fails fails its signals and replaces the channel: the signals waiting behind them
 * are numbered on the new one, so they do not wait at the entity for the numbers that were lost.
 * The caller that sends goes on while more signals come, for at most {@link #ROUNDS} sends; then a
 * task on a Vert.x context goes on, so no caller (an event loop among them) is held for long.
 * Thread-safe.
 */
final class SignalChannels {

  /** Channels kept before they are all replaced by new ones (bounding this client's memory). */
  private static final int MAX_CHANNELS = 100_000;

  /** Sends one caller makes for the others before it hands the rest to a Vert.x task. */
  static final int ROUNDS = 4;

  private final EntityHost host;
  private final BiFunction<Throwable, String, Throwable> storeError;
  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

  /**
   * @param storeError the error a caller sees when the store failed its signal's send
   */
  SignalChannels(EntityHost host, BiFunction<Throwable, String, Throwable> storeError) {
    this.host = host;
    this.storeError = storeError;
  }

  /** A signal asked for and not numbered yet, with what its caller waits on. */
  private record Signal(
      String target,
      String operation,
      String inputJson,
      Instant at,
      String traceParent,
      Promise<Void> sent) {}

  /**
   * A channel to one target. Callers add their signals to {@code waiting}; the one that sets {@code
   * sending} sends for all until it finds none waiting, and only it touches {@code seq} and {@code
   * last} (the flag orders one sender's writes before the next one's reads). No lock: a caller
   * never waits for another to add its signal.
   */
  private static final class Channel {
    final String source = "client#" + UUID.randomUUID();
    final ConcurrentLinkedQueue<Signal> waiting = new ConcurrentLinkedQueue<>();
    final AtomicBoolean sending = new AtomicBoolean();
    long seq;
    Instant last;

    /** Replaced after a failed send (and no longer in the map): its signals move on. */
    volatile boolean retired;
  }

  /**
   * Sends the signal {@code operation} with {@code inputJson} to the entity {@code target} (its
   * instance id), due at {@code at} or at once when {@code null}; completes once it is stored.
   */
  Future<Void> send(
      String target, String operation, String inputJson, Instant at, String traceParent) {
    var signal = new Signal(target, operation, inputJson, at, traceParent, Promise.promise());
    enqueue(signal);
    return signal.sent().future();
  }

  private void enqueue(Signal signal) {
    if (channels.size() > MAX_CHANNELS) {
      channels.clear();
    }
    Channel c = channels.computeIfAbsent(signal.target(), t -> new Channel());
    c.waiting.add(signal);
    if (c.sending.compareAndSet(false, true)) {
      drain(c, ROUNDS);
    }
  }

  /**
   * Sends what waits in {@code c}, batch after batch, while this caller holds {@code c.sending};
   * releases it when none waits (and takes it again if a signal came in the meantime).
   */
  private void drain(Channel c, int rounds) {
    for (int round = 0; ; round++) {
      if (round == rounds && !c.waiting.isEmpty()) {
        // this caller has sent for others long enough: a Vert.x task goes on, still sending
        host.vertx().runOnContext(v -> drain(c, rounds));
        return;
      }
      List<Signal> batch = new ArrayList<>();
      for (Signal s; (s = c.waiting.poll()) != null; ) {
        batch.add(s);
      }
      if (batch.isEmpty()) {
        c.sending.set(false);
        // a signal added after the poll found the flag still set: send it unless another does
        if (c.waiting.isEmpty() || !c.sending.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      if (c.retired) {
        batch.forEach(this::enqueue); // numbered on the channel that replaced c
        continue;
      }
      List<ControlMessage> messages = number(c, batch);
      Future<Void> sent;
      try {
        sent = host.sendControl(messages, Duration.ZERO);
      } catch (RuntimeException e) {
        sent = Future.failedFuture(e);
      }
      if (!sent.isComplete()) {
        sent.onComplete(
            ar -> {
              settle(c, batch, ar);
              drain(c, rounds);
            });
        return;
      }
      settle(c, batch, sent);
    }
  }

  /** Numbers {@code batch} in order on {@code c}; called by its sender only. */
  private List<ControlMessage> number(Channel c, List<Signal> batch) {
    Instant now = host.clock().instant();
    List<ControlMessage> messages = new ArrayList<>(batch.size());
    for (Signal s : batch) {
      long seq = ++c.seq;
      var request =
          new EntityOperationRequested(
              now,
              s.target(),
              s.operation(),
              s.inputJson(),
              c.source + ":" + seq,
              c.source,
              seq,
              c.last,
              null,
              null,
              -1,
              true,
              s.at(),
              s.traceParent());
      c.last = now;
      messages.add(new ControlMessage(s.target(), null, request));
    }
    return messages;
  }

  /** Tells the callers of {@code batch} how its send went; a failed one retires {@code c}. */
  private void settle(Channel c, List<Signal> batch, AsyncResult<Void> ar) {
    if (ar.failed()) {
      // out of the map first: a signal that finds c retired must find its successor there
      channels.remove(batch.getFirst().target(), c);
      c.retired = true;
    }
    for (Signal s : batch) {
      if (ar.succeeded()) {
        s.sent().complete();
      } else {
        s.sent().fail(storeError.apply(ar.cause(), "signal '" + s.target() + "'"));
      }
    }
  }
}
