package dev.baton.core.spi;

import io.vertx.core.Future;

/**
 * An open task hub: the queues, tables and leases of one named namespace of instances in one store.
 * Obtained from {@link Backend#open}.
 *
 * <ol>
 *   <li>MUST: {@link #controlQueue} exists for every partition in {@code 0..partitionCount()-1} and
 *       throws {@link IndexOutOfBoundsException} for any other index.
 *   <li>MUST: two {@code TaskHubStore}s opened on the same hub of the same store (in one process or
 *       several) see the same queues, histories, rows and leases.
 *   <li>MUST: {@link #close} releases the store's resources, not the data; {@link #delete} removes
 *       the hub's data.
 *   <li>MUST: a hub that keeps payloads too large for a message or row in {@link #payloads()} reads
 *       and writes every one of them through that store, and {@link #withPayloads} returns a view
 *       of the same hub whose {@link #payloads()} is the store given and whose queues, histories
 *       and rows go through it, so a wrapper (metering, fault injection) sees every payload call.
 * </ol>
 */
public interface TaskHubStore {

  /** The task hub's name. */
  String name();

  /** The number of partitions, fixed when the hub was created. */
  int partitionCount();

  /** The control queue of a partition. */
  MessageQueue<ControlMessage> controlQueue(int partition);

  /** The queue of activity work items, shared by all partitions. */
  MessageQueue<ActivityWorkItem> workItemQueue();

  /** The histories. */
  HistoryStore history();

  /** The status rows. */
  InstanceStore instances();

  /** The partition leases. */
  LeaseStore leases();

  /** The large-payload store. */
  PayloadStore payloads();

  /**
   * This hub with its payloads routed through {@code payloads}, a wrapper of this hub's {@link
   * #payloads()} (rule 4). The default suits a backend that keeps every payload inline: the view
   * differs from this hub only in what {@link #payloads()} returns.
   *
   * <pre>{@code
   * TaskHubStore metered = hub.withPayloads(new CountingPayloads(hub.payloads()));
   * }</pre>
   */
  default TaskHubStore withPayloads(PayloadStore payloads) {
    return new PayloadsView(this, payloads);
  }

  /** Releases resources held by this handle; the hub's data stays. */
  Future<Void> close();

  /** Deletes the hub's data (queues, tables, leases, payloads). */
  Future<Void> delete();
}
