package dev.baton.core.impl;

import dev.baton.core.ErrorCode;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages a partition holds, by id: those received from its control queue (kept hidden while
 * held, see {@link HeldMessages}), and the activity results a worker of the same engine handed over
 * without the queue. An episode takes its messages by id and then either is {@linkplain #done done}
 * with them (a received message is deleted, a handed-over result lets its worker delete the work
 * item) or {@linkplain #retryLater gives them back} (to the queue, or to the worker, which then
 * sends the result through the queue).
 *
 * <p>A received message can also be kept as an instance's {@linkplain Token token} while activities
 * its episodes scheduled run on this engine without the work-item queue (see {@link
 * dev.baton.core.BatonOptions#setLocalActivities}).
 *
 * <p>Used on the partition's context only.
 */
final class PartitionMessages {

  private static final System.Logger LOG = System.getLogger(PartitionMessages.class.getName());

  private record HandedOver(
      Delivery<ControlMessage> delivery, Runnable committed, Runnable dropped) {}

  private final HeldMessages<ControlMessage> received;
  private final Map<String, HandedOver> handedOver = new HashMap<>();

  /** The tokens of instances with local runs, by instance id and by message id. */
  private final Map<String, Token> tokens = new HashMap<>();

  private final Map<String, Token> tokenMessages = new HashMap<>();

  private long nextLocalId;

  PartitionMessages(Vertx vertx, MessageQueue<ControlMessage> queue, Duration visibility) {
    this.received = new HeldMessages<>(vertx, queue, visibility);
  }

  void start() {
    received.start();
  }

  /** Gives everything back: results to their workers, received messages to the queue at once. */
  Future<Void> stop() {
    received.stop();
    tokens.clear(); // given back below: the next owner finds them applied and re-sends the calls
    tokenMessages.clear();
    for (HandedOver h : handedOver.values()) {
      h.dropped().run();
    }
    handedOver.clear();
    return received.giveBackAll();
  }

  /** Takes a received delivery; {@code false} when it is held already (delivered again). */
  boolean hold(Delivery<ControlMessage> delivery) {
    return received.hold(delivery);
  }

  /**
   * Takes a result handed over by a worker, with the callbacks that tell the worker its work item
   * may go ({@code committed}) or its result must take the queue ({@code dropped}); returns its id.
   */
  String handOver(ControlMessage result, Instant now, Runnable committed, Runnable dropped) {
    String id = "local-" + nextLocalId++;
    var d = new Delivery<>(id, id, 1, now, result);
    handedOver.put(id, new HandedOver(d, committed, dropped));
    return id;
  }

  /** A held message by id, or {@code null} when it is no longer held. */
  Delivery<ControlMessage> get(String id) {
    HandedOver h = handedOver.get(id);
    return h != null ? h.delivery() : received.get(id);
  }

  /** A message received from the queue (not handed over) and held, or {@code null}. */
  Delivery<ControlMessage> received(String id) {
    return received.get(id);
  }

  /**
   * How many received messages are held for episodes (the receive loop's room is counted in them):
   * tokens are not, as local runs are bounded by the activity slots instead.
   */
  int receivedCount() {
    return received.size() - tokenMessages.size();
  }

  /**
   * The token that covers local runs of {@code instanceId}'s current execution: the one held
   * already, else {@code candidate} (a received message of the episode committing now, applied in
   * it) taken as one; {@code null} when there is none or the held one belongs to an earlier
   * execution or rewind, whose message would no longer lead a redelivery to the open calls.
   */
  Token token(String instanceId, String executionId, int rewinds, String candidate) {
    Token t = tokens.get(instanceId);
    if (t != null) {
      return t.executionId.equals(executionId) && t.rewinds == rewinds && !t.lost ? t : null;
    }
    if (candidate == null || received.get(candidate) == null) {
      return null;
    }
    t = new Token(instanceId, candidate, executionId, rewinds);
    tokens.put(instanceId, t);
    tokenMessages.put(candidate, t);
    return t;
  }

  private boolean forget(Token t) {
    if (tokens.get(t.instanceId) != t) {
      return false; // given back or settled already
    }
    tokens.remove(t.instanceId);
    tokenMessages.remove(t.messageId);
    return true;
  }

  /**
   * A received message kept (hidden, renewed) while activities that an instance's episodes
   * scheduled run on this engine without a work item in the queue: if the engine dies, the message
   * is delivered again, found already applied, and the partition that takes it sends the calls
   * still open through the queue ({@link InstanceWrites#resendAfterRedelivery}). One token covers
   * every later episode of the same execution. It is deleted once its episode is over and every
   * run's result is stored (applied by an episode, or sent through the control queue); a result
   * that could not be stored gives it back instead, so those calls are sent again.
   */
  final class Token {
    private final String instanceId;
    private final String messageId;
    private final String executionId;
    private final int rewinds;
    private int running;
    private boolean pinned; // its episode is over: only the runs keep it
    private boolean lost;

    private Token(String instanceId, String messageId, String executionId, int rewinds) {
      this.instanceId = instanceId;
      this.messageId = messageId;
      this.executionId = executionId;
      this.rewinds = rewinds;
    }

    /** A run began. */
    void started() {
      running++;
    }

    /** A run's result is stored. */
    void finished() {
      running--;
      settle();
    }

    /** A run's result could not be stored: once the others are, the token goes back. */
    void lost() {
      running--;
      lost = true;
      settle();
    }

    private void settle() {
      if (pinned && running == 0 && forget(this)) {
        release(this);
      }
    }
  }

  private void release(Token t) {
    if (t.lost) {
      received.giveBack(t.messageId, Duration.ZERO);
    } else {
      received.delete(t.messageId);
    }
  }

  /** The message is applied (or found a duplicate): it goes for good, unless runs keep it. */
  void done(String id) {
    Token t = tokenMessages.get(id);
    if (t != null) {
      if (t.running > 0) {
        t.pinned = true;
        return;
      }
      forget(t);
      release(t);
      return;
    }
    HandedOver h = handedOver.remove(id);
    if (h != null) {
      h.committed().run();
    } else {
      received.delete(id);
    }
  }

  /** The episode failed: the message comes back after {@code delay} (a result via the queue). */
  void retryLater(String id, Duration delay) {
    Token t = tokenMessages.get(id);
    if (t != null) {
      forget(t); // its redelivery sends the calls of its runs again
    }
    HandedOver h = handedOver.remove(id);
    if (h != null) {
      h.dropped().run();
    } else {
      received.giveBack(id, delay);
    }
  }

  /** A received message delivered too often goes aside, logged, with the reason. */
  void setAsidePoison(Delivery<ControlMessage> d) {
    String reason =
        ErrorCode.POISON_MESSAGE.code()
            + " delivered "
            + d.dequeueCount()
            + " times without being processed";
    LOG.log(
        System.Logger.Level.ERROR,
        reason
            + ": message "
            + d.messageId()
            + " for instance '"
            + LogSafe.text(d.message().instanceId())
            + "' is set aside: "
            + LogSafe.text(d.message().event()));
    received.setAside(d.messageId(), reason);
  }

  /** Whether every message of {@code ids} is a start, delivered for the first time. */
  boolean allFirstDeliveriesOfStarts(List<String> ids) {
    for (String id : ids) {
      Delivery<ControlMessage> d = get(id);
      if (d == null
          || d.dequeueCount() > 1
          || !(d.message().event() instanceof HistoryEvent.ExecutionStarted)) {
        return false;
      }
    }
    return !ids.isEmpty();
  }

  /** A received message that should reach its dequeue limit if it keeps waiting. */
  void stopRenewing(String id) {
    received.stopRenewing(id);
  }
}
