package dev.baton.core.spi;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * The default {@link TaskHubStore#withPayloads}: the same hub, with another {@link PayloadStore}
 * answering {@link #payloads()}.
 */
final class PayloadsView implements TaskHubStore {

  private final TaskHubStore hub;
  private final PayloadStore payloads;

  PayloadsView(TaskHubStore hub, PayloadStore payloads) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.payloads = Objects.requireNonNull(payloads, "payloads");
  }

  @Override
  public String name() {
    return hub.name();
  }

  @Override
  public int partitionCount() {
    return hub.partitionCount();
  }

  @Override
  public MessageQueue<ControlMessage> controlQueue(int partition) {
    return hub.controlQueue(partition);
  }

  @Override
  public MessageQueue<ActivityWorkItem> workItemQueue() {
    return hub.workItemQueue();
  }

  @Override
  public HistoryStore history() {
    return hub.history();
  }

  @Override
  public InstanceStore instances() {
    return hub.instances();
  }

  @Override
  public LeaseStore leases() {
    return hub.leases();
  }

  @Override
  public PayloadStore payloads() {
    return payloads;
  }

  @Override
  public TaskHubStore withPayloads(PayloadStore payloads) {
    return new PayloadsView(hub, payloads);
  }

  @Override
  public Future<Void> close() {
    return hub.close();
  }

  @Override
  public Future<Void> delete() {
    return hub.delete();
  }
}
