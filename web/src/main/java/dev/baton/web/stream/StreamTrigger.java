package dev.baton.web.stream;

import dev.baton.core.client.DurableClient;
import dev.baton.web.impl.StreamTriggerImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds a Vert.x {@link ReadStream} (an event-bus consumer, a queue poller, a Kafka consumer) into
 * an engine: each item becomes the {@link DurableAction} a mapping function returns, an
 * orchestration start or an entity signal.
 *
 * <p>Back-pressure: the trigger asks the stream for items only while fewer than {@link
 * StreamTriggerOptions#getMaxInFlight()} are in flight; an item is in flight until its action is
 * stored and, by default, until the engine has picked its instance up, so a saturated engine stops
 * the stream. While the engine is unavailable (stopped, restarting, its store failing) deliveries
 * are retried with a doubling pause and the stream is asked for nothing; items already read are
 * kept until they are delivered, so none is lost when an engine stops and another takes over. An
 * item that can never be delivered (an unknown orchestrator, an invalid instance id, a mapping that
 * throws), or that used up {@link StreamTriggerOptions#getMaxAttempts()}, goes to the {@link
 * #failureHandler}. Signals to one entity are delivered one at a time in the stream's order, so a
 * retry never reorders them. {@link #ackHandler} tells a source when an item is stored.
 *
 * <p>The source must keep what it receives while it is asked for nothing: a queue or Kafka consumer
 * does; an event-bus consumer buffers up to its {@code maxBufferedMessages}.
 *
 * <pre>{@code
 * MessageConsumer<JsonObject> orders = vertx.eventBus().consumer("orders");
 * StreamTrigger.create(vertx, orders, baton::client,
 *         msg -> DurableAction.startOrchestration("process_order", msg.body(),
 *             new StartOptions().setInstanceId("order-" + msg.body().getString("id"))),
 *         new StreamTriggerOptions().setMaxInFlight(64))
 *     .failureHandler((msg, err) -> log.warn("order dropped: " + err.getMessage()))
 *     .start();
 * }</pre>
 *
 * @param <T> the stream's item type
 */
public interface StreamTrigger<T> {

  /**
   * A trigger from {@code stream} into the engine whose client {@code clients} supplies; the
   * supplier is asked for every delivery, so it may return the client of an engine started after
   * this trigger, or of a restarted one. Nothing is read until {@link #start}.
   */
  static <T> StreamTrigger<T> create(
      Vertx vertx,
      ReadStream<T> stream,
      Supplier<DurableClient> clients,
      Function<? super T, DurableAction> mapping,
      StreamTriggerOptions options) {
    return new StreamTriggerImpl<>(vertx, stream, clients, mapping, options);
  }

  /**
   * Receives each item that cannot be delivered, with the reason; set it before {@link #start}. An
   * exception it throws is logged and does not stop the stream.
   */
  StreamTrigger<T> failureHandler(BiConsumer<? super T, Throwable> handler);

  /**
   * Receives the acknowledgement of each item, exactly once: {@code null} as soon as its start or
   * signal is stored (or its mapping asked for nothing), or the reason it was given up (it could
   * never be delivered, used up its attempts, or the trigger stopped before it was delivered). A
   * Kafka or queue source commits an item's offset, or deletes its message, from here, so nothing
   * is committed before it is stored. Items are acknowledged in the order they are stored, which
   * may differ from the stream's; set it before {@link #start}. An exception it throws is logged.
   *
   * <pre>{@code
   * trigger.ackHandler((record, error) -> {
   *   if (error == null) offsets.done(record.offset()); // commit up to the lowest not yet done
   * });
   * }</pre>
   */
  StreamTrigger<T> ackHandler(BiConsumer<? super T, Throwable> handler);

  /** Starts reading the stream. */
  StreamTrigger<T> start();

  /**
   * Stops asking the stream for items; completes once every item in flight has settled, or after
   * {@link StreamTriggerOptions#getStopTimeout()} (also while the engine is down), giving up on the
   * items still in flight: their acknowledgement carries the reason. Items the source holds stay
   * with it.
   */
  Future<Void> stop();

  /**
   * Completes once the stream has ended (or the trigger was stopped) and every item read has
   * settled; fails with the stream's exception if it reported one.
   */
  Future<Void> completion();

  /** Items whose action the engine has accepted. */
  long delivered();

  /** Items given to the failure handler. */
  long failed();

  /** Items read and not yet settled. */
  int inFlight();

  /** How often the trigger stopped asking for items because the engine could not keep up. */
  long pauses();

  /**
   * Whether the trigger is asking the stream for nothing now: its items in flight are at the limit,
   * or the engine is unavailable and deliveries wait for a retry.
   */
  boolean paused();
}
