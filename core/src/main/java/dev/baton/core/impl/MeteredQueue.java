package dev.baton.core.impl;

import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.SetAsideMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * A queue that counts its storage calls by kind ({@code control.send}, {@code workitems.receive},
 * ...) and its messages: {@code baton.messages.sent}, {@code .received}, {@code .redelivered} (a
 * delivery with a dequeue count above one) and {@code .set.aside}, tagged by task hub, partition
 * ({@code shared} for the work-item queue) and queue ({@code control} or {@code workitems}).
 */
final class MeteredQueue<M> implements MessageQueue<M> {

  private final MessageQueue<M> queue;
  private final StorageMeters send;
  private final StorageMeters receive;
  private final StorageMeters delete;
  private final StorageMeters update;
  private final StorageMeters count;
  private final StorageMeters setAside;
  private final StorageMeters listSetAside;
  private final Counter sent;
  private final Counter received;
  private final Counter redelivered;
  private final Counter setAsideMessages;

  MeteredQueue(
      MessageQueue<M> queue, MeterRegistry registry, Tags hub, String name, String partition) {
    this.queue = queue;
    this.send = new StorageMeters(registry, hub, name + ".send");
    this.receive = new StorageMeters(registry, hub, name + ".receive");
    this.delete = new StorageMeters(registry, hub, name + ".delete");
    this.update = new StorageMeters(registry, hub, name + ".update");
    this.count = new StorageMeters(registry, hub, name + ".count");
    this.setAside = new StorageMeters(registry, hub, name + ".setaside");
    this.listSetAside = new StorageMeters(registry, hub, name + ".setaside.list");
    Tags tags = hub.and("partition", partition).and("queue", name);
    this.sent =
        EngineMeters.counter(registry, "baton.messages.sent", "Messages sent to the queue", tags);
    this.received =
        EngineMeters.counter(
            registry, "baton.messages.received", "Messages received from the queue", tags);
    this.redelivered =
        EngineMeters.counter(
            registry,
            "baton.messages.redelivered",
            "Messages received again (dequeue count above one)",
            tags);
    this.setAsideMessages =
        EngineMeters.counter(
            registry, "baton.messages.set.aside", "Messages set aside as poison", tags);
  }

  @Override
  public Future<Void> send(List<M> messages, Duration delay) {
    int n = messages.size();
    return send.count(queue.send(messages, delay)).onSuccess(v -> sent.increment(n));
  }

  @Override
  public Future<List<Delivery<M>>> receive(int max, Duration visibilityTimeout) {
    return receive
        .count(queue.receive(max, visibilityTimeout))
        .onSuccess(
            batch -> {
              if (batch.isEmpty()) {
                return;
              }
              received.increment(batch.size());
              int again = 0;
              for (Delivery<M> d : batch) {
                if (d.dequeueCount() > 1) {
                  again++;
                }
              }
              if (again > 0) {
                redelivered.increment(again);
              }
            });
  }

  @Override
  public Future<Void> delete(Delivery<M> delivery) {
    return delete.count(queue.delete(delivery));
  }

  @Override
  public Future<Delivery<M>> updateVisibility(Delivery<M> delivery, Duration delay) {
    return update.count(queue.updateVisibility(delivery, delay));
  }

  @Override
  public Future<Long> approximateCount() {
    return count.count(queue.approximateCount());
  }

  @Override
  public Future<Void> setAside(Delivery<M> delivery, String reason) {
    return setAside
        .count(queue.setAside(delivery, reason))
        .onSuccess(v -> setAsideMessages.increment());
  }

  @Override
  public Future<List<SetAsideMessage<M>>> setAsideMessages(int max) {
    return listSetAside.count(queue.setAsideMessages(max));
  }
}
