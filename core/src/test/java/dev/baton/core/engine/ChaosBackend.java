package dev.baton.core.engine;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.ForwardingTaskHub;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.SetAsideMessage;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend wrapper that misbehaves the way real queues may: every message is sent twice, and every
 * {@code dropDeleteEvery}-th delete is silently lost, so the message is delivered again after its
 * visibility timeout. An engine that applies each event exactly once finishes every instance with
 * the same results as on the plain backend.
 */
public final class ChaosBackend implements Backend {

  private final Backend inner;
  private final int dropDeleteEvery;
  final AtomicLong duplicatesSent = new AtomicLong();
  final AtomicLong deletesDropped = new AtomicLong();

  /** Receives asked of the control queues, all partitions together. */
  final AtomicLong controlReceives = new AtomicLong();

  /** Receives asked of the work-item queue. */
  final AtomicLong workItemReceives = new AtomicLong();

  /** Activity results sent through a control queue, before their duplicates. */
  final AtomicLong resultsQueued = new AtomicLong();

  /**
   * Control messages queued, duplicates included, with a delay of at least {@link #PARKED}: such a
   * message (an entity's wake-up at the end of its reorder window) stays in its queue, invisible,
   * for longer than any test runs.
   */
  final AtomicLong parked = new AtomicLong();

  /** The delay from which a message counts as {@link #parked}. */
  static final Duration PARKED = Duration.ofMinutes(5);

  public ChaosBackend(Backend inner, int dropDeleteEvery) {
    this.inner = inner;
    this.dropDeleteEvery = dropDeleteEvery;
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    return inner.open(vertx, hubName, partitionCount).map(Hub::new);
  }

  private final class Hub extends ForwardingTaskHub {
    Hub(TaskHubStore store) {
      super(store);
    }

    @Override
    public MessageQueue<ControlMessage> controlQueue(int partition) {
      return new Queue<>(super.controlQueue(partition), true);
    }

    @Override
    public MessageQueue<ActivityWorkItem> workItemQueue() {
      return new Queue<>(super.workItemQueue(), false);
    }
  }

  private final class Queue<M> implements MessageQueue<M> {
    private final MessageQueue<M> queue;
    private final boolean control;
    private final AtomicLong deletes = new AtomicLong();

    Queue(MessageQueue<M> queue, boolean control) {
      this.queue = queue;
      this.control = control;
    }

    @Override
    public Future<Void> send(List<M> messages, Duration delay) {
      List<M> twice = new ArrayList<>(messages.size() * 2);
      twice.addAll(messages);
      twice.addAll(messages);
      duplicatesSent.addAndGet(messages.size());
      for (M m : messages) {
        if (m instanceof ControlMessage c
            && (c.event() instanceof HistoryEvent.TaskCompleted
                || c.event() instanceof HistoryEvent.TaskFailed)) {
          resultsQueued.incrementAndGet();
        }
      }
      boolean parks = control && delay.compareTo(PARKED) >= 0;
      return queue.send(twice, delay).onSuccess(v -> parked.addAndGet(parks ? twice.size() : 0));
    }

    @Override
    public Future<List<Delivery<M>>> receive(int max, Duration visibilityTimeout) {
      (control ? controlReceives : workItemReceives).incrementAndGet();
      return queue.receive(max, visibilityTimeout);
    }

    @Override
    public Future<Void> delete(Delivery<M> delivery) {
      if (dropDeleteEvery > 0 && deletes.incrementAndGet() % dropDeleteEvery == 0) {
        deletesDropped.incrementAndGet();
        return Future.succeededFuture();
      }
      return queue.delete(delivery);
    }

    @Override
    public Future<Delivery<M>> updateVisibility(Delivery<M> delivery, Duration delay) {
      return queue.updateVisibility(delivery, delay);
    }

    @Override
    public Future<Long> approximateCount() {
      return queue.approximateCount();
    }

    @Override
    public Future<Void> setAside(Delivery<M> delivery, String reason) {
      return queue.setAside(delivery, reason);
    }

    @Override
    public Future<List<SetAsideMessage<M>>> setAsideMessages(int max) {
      return queue.setAsideMessages(max);
    }
  }
}
