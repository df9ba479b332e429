package dev.baton.core.impl;

import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.ForwardingTaskHub;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.TaskHubStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A backend whose task hubs count every storage call by kind ({@code baton.storage.requests} and
 * {@code baton.storage.failures}, tagged by task hub and kind), the payload offloads of their
 * queues, histories and rows among them, and the messages of their queues. The engine wraps its
 * backend in one when metrics are on, so the counts cover every backend alike. The engine never
 * closes it; {@link #close} passes through to the wrapped backend.
 */
final class MeteredBackend implements Backend {

  private final Backend backend;
  private final MeterRegistry registry;

  MeteredBackend(Backend backend, MeterRegistry registry) {
    this.backend = backend;
    this.registry = registry;
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    return backend
        .open(vertx, hubName, partitionCount)
        .map(
            store -> {
              Tags hub = Tags.of("hub", hubName);
              // routed through the hub, so the payloads its queues, histories and rows offload
              // are counted too, not only the calls made on payloads() directly (SPI rule 4)
              PayloadStore payloads = new MeteredStores.Payloads(store.payloads(), registry, hub);
              return new Hub(store.withPayloads(payloads), registry, hub);
            });
  }

  @Override
  public java.time.Duration defaultMaxPollInterval() {
    return backend.defaultMaxPollInterval();
  }

  @Override
  public Future<Void> close() {
    return backend.close();
  }

  /** An open task hub whose stores and queues are metered, each resolved once. */
  private static final class Hub extends ForwardingTaskHub {
    private final MeterRegistry registry;
    private final Tags hub;
    private final MessageQueue<ControlMessage>[] control;
    private final MessageQueue<ActivityWorkItem> workItems;
    private final HistoryStore history;
    private final InstanceStore instances;
    private final LeaseStore leases;

    /** {@code store}'s payloads are metered already, where the hub was opened. */
    @SuppressWarnings("unchecked")
    Hub(TaskHubStore store, MeterRegistry registry, Tags hub) {
      super(store);
      this.registry = registry;
      this.hub = hub;
      this.control = new MessageQueue[store.partitionCount()];
      this.workItems =
          new MeteredQueue<>(store.workItemQueue(), registry, hub, "workitems", "shared");
      this.history = new MeteredStores.History(store.history(), registry, hub);
      this.instances = new MeteredStores.Instances(store.instances(), registry, hub);
      this.leases = new MeteredStores.Leases(store.leases(), registry, hub);
    }

    @Override
    public MessageQueue<ControlMessage> controlQueue(int partition) {
      MessageQueue<ControlMessage> q = control[partition]; // out of range: the SPI's exception
      if (q == null) {
        // racing threads may both build one: both count into the same registered meters
        q =
            new MeteredQueue<>(
                delegate().controlQueue(partition),
                registry,
                hub,
                "control",
                Integer.toString(partition));
        control[partition] = q;
      }
      return q;
    }

    @Override
    public MessageQueue<ActivityWorkItem> workItemQueue() {
      return workItems;
    }

    @Override
    public HistoryStore history() {
      return history;
    }

    @Override
    public InstanceStore instances() {
      return instances;
    }

    @Override
    public LeaseStore leases() {
      return leases;
    }
  }
}
