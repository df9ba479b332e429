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
 * <p>Used on the partition's context only.
 */
final class PartitionMessages {

  private static final System.Logger LOG = System.getLogger(PartitionMessages.class.getName());

  private record HandedOver(
      Delivery<ControlMessage> delivery, Runnable committed, Runnable dropped) {}

  private final HeldMessages<ControlMessage> received;
  private final Map<String, HandedOver> handedOver = new HashMap<>();
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

  /** How many received messages are held (the receive loop's room is counted in them). */
  int receivedCount() {
    return received.size();
  }

  /** The message is applied (or found a duplicate): it goes for good. */
  void done(String id) {
    HandedOver h = handedOver.remove(id);
    if (h != null) {
      h.committed().run();
    } else {
      received.delete(id);
    }
  }

  /** The episode failed: the message comes back after {@code delay} (a result via the queue). */
  void retryLater(String id, Duration delay) {
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
