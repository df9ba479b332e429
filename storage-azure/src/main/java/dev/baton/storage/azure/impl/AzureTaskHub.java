package dev.baton.storage.azure.impl;

import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.queue.QueueAsyncClient;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An open task hub on Azure Storage (names in {@link TaskHubNames}). The blob {@code taskhub.json}
 * in {@code {hub}-leases} ({@link TaskHubFile}) records the hub's format and partition count when
 * the hub is created; opening a hub of another system or format fails with {@code BATON-126}, and
 * with another count with CONFLICT, before anything else is created.
 */
public final class AzureTaskHub implements TaskHubStore {

  static final String METADATA_BLOB = TaskHubFile.BLOB;
  static final int MAX_PARTITIONS = 16;

  private final TaskHubNames names;
  private final AzureClients clients;
  private final int partitionCount;
  private final List<AzureQueue<ControlMessage>> controlQueues;
  private final AzureQueue<ActivityWorkItem> workItems;
  private final AzureHistoryStore history;
  private final AzureInstanceStore instances;
  private final AzureLeaseStore leases;
  private final PayloadStore payloads;
  private final Vertx vertx;

  /**
   * @param payloads the payload store its stores offload through, or {@code null} for its own
   */
  private AzureTaskHub(
      Vertx vertx,
      AzureClients clients,
      TaskHubNames names,
      int partitionCount,
      PayloadStore payloads) {
    this.vertx = vertx;
    this.names = names;
    this.clients = clients;
    this.partitionCount = partitionCount;
    var container = clients.blobs().getBlobContainerAsyncClient(names.largeMessagesContainer());
    this.payloads = payloads != null ? payloads : new AzurePayloadStore(vertx, container);
    var largeMessages = new LargePayloads(this.payloads, container);
    var queues = new ArrayList<AzureQueue<ControlMessage>>(partitionCount);
    for (int p = 0; p < partitionCount; p++) {
      queues.add(queue(names.controlQueue(p), MessageCodec.CONTROL, largeMessages));
    }
    this.controlQueues = List.copyOf(queues);
    this.workItems = queue(names.workItemQueue(), MessageCodec.WORK_ITEM, largeMessages);
    this.history =
        new AzureHistoryStore(
            vertx, clients.tables().getTableClient(names.historyTable()), largeMessages);
    this.instances =
        new AzureInstanceStore(
            vertx, clients.tables().getTableClient(names.instancesTable()), largeMessages);
    this.leases =
        new AzureLeaseStore(
            vertx,
            clients.leaseBlobs().getBlobContainerAsyncClient(names.leasesContainer()),
            names,
            partitionCount);
  }

  private <M> AzureQueue<M> queue(String name, MessageCodec<M> codec, LargePayloads blobs) {
    return new AzureQueue<>(
        vertx,
        clients.queues().getQueueAsyncClient(name),
        clients.queues().getQueueAsyncClient(name + "-poison"),
        codec,
        blobs);
  }

  private BlobContainerAsyncClient leasesContainer() {
    return clients.blobs().getBlobContainerAsyncClient(names.leasesContainer());
  }

  /**
   * Opens the hub {@code hubName}, creating its tables, queues and containers when {@code create}
   * is set and they are missing.
   */
  public static Future<TaskHubStore> open(
      Vertx vertx, AzureClients clients, String hubName, int partitionCount, boolean create) {
    TaskHubNames names;
    try {
      names = new TaskHubNames(hubName);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    if (partitionCount < 1 || partitionCount > MAX_PARTITIONS) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "partitionCount must be 1 to " + MAX_PARTITIONS + ": " + partitionCount));
    }
    var hub = new AzureTaskHub(vertx, clients, names, partitionCount, null);
    // taskhub.json is claimed or checked first: a hub that is not ours gets nothing created
    Future<Void> ready =
        create
            ? Async.future(vertx, hub.leasesContainer().createIfNotExists(), "create container")
                .compose(v -> hub.file().claim(partitionCount))
            : hub.file().check(partitionCount);
    return ready.compose(v -> create ? hub.createTheRest() : Future.succeededFuture()).map(hub);
  }

  /** The large-messages container, the tables and the queues, where missing. */
  private Future<Void> createTheRest() {
    return Async.future(
            vertx,
            clients
                .blobs()
                .getBlobContainerAsyncClient(names.largeMessagesContainer())
                .createIfNotExists(),
            "create container")
        .compose(v -> createTablesAndQueues());
  }

  private TaskHubFile file() {
    return new TaskHubFile(
        vertx,
        leasesContainer().getBlobAsyncClient(METADATA_BLOB),
        names,
        clients.tables(),
        clients
            .blobs()
            .getBlobContainerAsyncClient(names.hub().toLowerCase(Locale.ROOT) + "-applease"));
  }

  private Future<Void> createTablesAndQueues() {
    var all = new ArrayList<Future<?>>();
    for (String table : List.of(names.historyTable(), names.instancesTable())) {
      all.add(
          Async.future(
              vertx, clients.tables().createTableIfNotExists(table), "create table " + table));
    }
    for (QueueAsyncClient q : queueClients()) {
      all.add(Async.future(vertx, q.createIfNotExists(), "create queue " + q.getQueueName()));
    }
    return Future.all(all).mapEmpty();
  }

  private List<QueueAsyncClient> queueClients() {
    var queues = new ArrayList<QueueAsyncClient>();
    for (int p = 0; p < partitionCount; p++) {
      queues.add(clients.queues().getQueueAsyncClient(names.controlQueue(p)));
    }
    queues.add(clients.queues().getQueueAsyncClient(names.workItemQueue()));
    return queues;
  }

  /** The Azure names of this hub's tables, queues and containers. */
  public TaskHubNames names() {
    return names;
  }

  @Override
  public String name() {
    return names.hub();
  }

  @Override
  public int partitionCount() {
    return partitionCount;
  }

  @Override
  public MessageQueue<ControlMessage> controlQueue(int partition) {
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

  /** The same hub, its queues, histories and rows offloading through {@code payloads}. */
  @Override
  public TaskHubStore withPayloads(PayloadStore payloads) {
    Objects.requireNonNull(payloads, "payloads");
    return new AzureTaskHub(vertx, clients, names, partitionCount, payloads);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture(); // the SDK clients hold no per-hub resources
  }

  /**
   * Deletes the hub's tables, queues (poison queues included) and containers. Azure takes a while
   * to delete a table or container; recreating the hub at once may fail until it has.
   */
  @Override
  public Future<Void> delete() {
    var all = new ArrayList<Future<?>>();
    for (String table : List.of(names.historyTable(), names.instancesTable())) {
      all.add(
          Async.future(vertx, clients.tables().deleteTable(table), "delete table " + table)
              .recover(
                  t ->
                      StoreException.is(t, Reason.NOT_FOUND)
                          ? Future.succeededFuture()
                          : Future.failedFuture(t)));
    }
    for (QueueAsyncClient q : queueClients()) {
      all.add(Async.future(vertx, q.deleteIfExists(), "delete queue " + q.getQueueName()));
      QueueAsyncClient poison = clients.queues().getQueueAsyncClient(q.getQueueName() + "-poison");
      all.add(
          Async.future(vertx, poison.deleteIfExists(), "delete queue " + poison.getQueueName()));
    }
    for (String container : List.of(names.leasesContainer(), names.largeMessagesContainer())) {
      all.add(
          Async.future(
              vertx,
              clients.blobs().getBlobContainerAsyncClient(container).deleteIfExists(),
              "delete container " + container));
    }
    return Future.all(all).mapEmpty();
  }
}
