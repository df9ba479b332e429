package dev.baton.core.spi;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * A durable queue with at-least-once delivery and visibility timeouts, like an Azure Storage queue.
 * Control queues carry {@link ControlMessage}s to a partition; the work-item queue carries {@link
 * ActivityWorkItem}s to competing activity workers.
 *
 * <p>The contract, checked by the conformance suite:
 *
 * <ol>
 *   <li>MUST: every method returns at once; none blocks the calling thread.
 *   <li>MUST: when {@link #send} succeeds every message is durable and will be delivered; the
 *       messages of one call may be written one by one, so a failed send may have delivered some.
 *   <li>MUST: a message sent with a delay is not delivered before the delay has passed.
 *   <li>MUST: {@link #receive} returns at most {@code max} visible messages at once (an empty list
 *       when there is none) and hides them for {@code visibilityTimeout}; each delivery has a new
 *       receipt and a dequeue count one higher than the last.
 *   <li>MUST: a received message that is not deleted becomes visible again after its visibility
 *       timeout and is delivered again (at-least-once).
 *   <li>MUST: {@link #delete} with the latest receipt removes the message for good; with a stale
 *       receipt it fails with {@link StoreException.Reason#CONFLICT} and leaves the message; a
 *       message already gone fails with {@link StoreException.Reason#NOT_FOUND}.
 *   <li>MUST: {@link #updateVisibility} with the latest receipt makes the message visible again
 *       after the given time (zero: at once) and returns the delivery with its new receipt; a stale
 *       receipt fails with {@link StoreException.Reason#CONFLICT}.
 *   <li>MUST: messages are delivered in about the order they became visible (FIFO is not promised;
 *       the engine orders by history, not by queue).
 *   <li>MUST: {@link #approximateCount} counts messages not yet deleted, visible or not.
 *   <li>MUST: {@link #setAside} with the latest receipt takes the message out of the queue for good
 *       (it is never delivered again, nor counted) and keeps it with its reason, where {@link
 *       #setAsideMessages} reads it, oldest first; a stale receipt fails like {@link #delete}.
 * </ol>
 */
public interface MessageQueue<M> {

  /** Sends {@code messages}, each visible after {@code delay} ({@link Duration#ZERO} for now). */
  Future<Void> send(List<M> messages, Duration delay);

  /** Receives up to {@code max} visible messages, hiding them for {@code visibilityTimeout}. */
  Future<List<Delivery<M>>> receive(int max, Duration visibilityTimeout);

  /** Deletes a delivered message (rule 6). */
  Future<Void> delete(Delivery<M> delivery);

  /** Makes a delivered message visible again after {@code delay} (rule 7). */
  Future<Delivery<M>> updateVisibility(Delivery<M> delivery, Duration delay);

  /** The number of messages in the queue, visible or not (rule 9). */
  Future<Long> approximateCount();

  /**
   * Takes a delivered message that cannot be processed out of the queue and keeps it aside with
   * {@code reason} (rule 10).
   */
  Future<Void> setAside(Delivery<M> delivery, String reason);

  /** Up to {@code max} of the messages set aside from this queue, oldest first (rule 10). */
  Future<List<SetAsideMessage<M>>> setAsideMessages(int max);
}
