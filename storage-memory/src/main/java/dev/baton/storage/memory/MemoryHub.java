package dev.baton.storage.memory;

import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One task hub's data. Every {@link MemoryBackend#open} of the hub returns this same object, so all
 * handles see the same queues, histories, rows and leases; {@link #close} therefore releases
 * nothing. {@link #delete} drops the data and detaches the hub from the backend: calls through any
 * handle of it then fail with NOT_FOUND, and the next open creates a new, empty hub.
 */
final class MemoryHub implements TaskHubStore {

  private final HubState state;
  private final int partitionCount;
  private final List<MemoryQueue<ControlMessage>> controlQueues;
  private final MemoryQueue<ActivityWorkItem> workItems;
  private final MemoryHistoryStore history;
  private final MemoryInstanceStore instances;
  private final MemoryLeaseStore leases;
  private final MemoryPayloadStore payloads;
  private final Consumer<MemoryHub> detach;

  /**
   * @param queuePrefix makes this hub's message ids unique in the backend
   * @param detach removes the hub from its backend
   */
  MemoryHub(HubState state, int partitionCount, String queuePrefix, Consumer<MemoryHub> detach) {
    this.state = state;
    this.partitionCount = partitionCount;
    this.controlQueues =
        IntStream.range(0, partitionCount)
            .mapToObj(p -> new MemoryQueue<ControlMessage>(state, queuePrefix + "c" + p + "-"))
            .toList();
    this.workItems = new MemoryQueue<>(state, queuePrefix + "w-");
    this.history = new MemoryHistoryStore(state);
    this.instances = new MemoryInstanceStore(state);
    this.leases = new MemoryLeaseStore(state, partitionCount);
    this.payloads = new MemoryPayloadStore(state);
    this.detach = detach;
  }

  @Override
  public String name() {
    return state.name();
  }

  @Override
  public int partitionCount() {
    return partitionCount;
  }

  @Override
  public MessageQueue<ControlMessage> controlQueue(int partition) {
    if (partition < 0 || partition >= partitionCount) {
      throw new IndexOutOfBoundsException(
          "partition "
              + partition
              + " does not exist; task hub '"
              + state.name()
              + "' has partitions 0.."
              + (partitionCount - 1));
    }
    return controlQueues.get(partition);
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

  @Override
  public PayloadStore payloads() {
    return payloads;
  }

  /** See {@link MemoryBackend#quietUntil}: the minimum over every queue, -1 when any is busy. */
  long quietUntil() {
    long earliest = workItems.quietUntil();
    for (int i = 0; i < controlQueues.size() && earliest >= 0; i++) {
      long until = controlQueues.get(i).quietUntil();
      earliest = until < 0 ? -1 : Math.min(earliest, until);
    }
    return earliest;
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> delete() {
    if (!state.isDeleted()) {
      state.markDeleted();
      detach.accept(this);
      controlQueues.forEach(MemoryQueue::clear);
      workItems.clear();
      history.clear();
      instances.clear();
      leases.clear();
      payloads.clear();
    }
    return Future.succeededFuture();
  }
}
