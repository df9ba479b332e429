package dev.baton.core.impl.entity;

import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.spi.ControlMessage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

  /** A channel to one target; its fields are guarded by the channel itself. */
  private static final class Channel {
    final String source = "client#" + UUID.randomUUID();
    final ArrayDeque<Signal> waiting = new ArrayDeque<>();
    long seq;
    Instant last;
    boolean sending;

    /** Replaced after a failed send: takes no more signals. */
    boolean retired;
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
    while (true) {
      if (channels.size() > MAX_CHANNELS) {
        channels.clear();
      }
      Channel c = channels.computeIfAbsent(signal.target(), t -> new Channel());
      boolean sender;
      synchronized (c) {
        if (c.retired) {
          continue; // replaced meanwhile: the map holds its successor
        }
        c.waiting.add(signal);
        sender = !c.sending;
        c.sending = true;
      }
      if (sender) {
        drain(c, ROUNDS);
      }
      return;
    }
  }

  /** Sends what waits in {@code c}, batch after batch, while it is this caller's turn. */
  private void drain(Channel c, int rounds) {
    for (int round = 0; ; round++) {
      List<Signal> batch;
      List<ControlMessage> messages;
      synchronized (c) {
        if (c.retired || c.waiting.isEmpty()) {
          batch = new ArrayList<>(c.waiting); // left over: numbered on the channel replacing c
          c.waiting.clear();
          c.sending = false;
          messages = null;
        } else if (round == rounds) {
          batch = null; // this caller has sent for others long enough: a Vert.x task goes on
          messages = null;
        } else {
          batch = new ArrayList<>(c.waiting);
          c.waiting.clear();
          messages = number(c, batch);
        }
      }
      if (messages == null) {
        if (batch == null) {
          host.vertx().runOnContext(v -> drain(c, rounds));
        } else {
          batch.forEach(this::enqueue);
        }
        return;
      }
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

  /** Numbers {@code batch} in order on {@code c}; called holding {@code c}. */
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
      synchronized (c) {
        c.retired = true;
      }
      channels.remove(batch.getFirst().target(), c);
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
