package dev.baton.storage.azure;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.AzureTaskHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The Azure Storage backend: a task hub lives in one storage account as Durable Functions lays it
 * out, so it looks familiar in Storage Explorer.
 *
 * <ul>
 *   <li>tables {@code {hub}History} (one row per event, keyed by instance id and sequence number,
 *       plus a sentinel row per instance whose ETag guards every append) and {@code {hub}Instances}
 *       (one status row per instance);
 *   <li>queues {@code {hub}-control-00} to {@code -NN} (one per partition) and {@code
 *       {hub}-workitems};
 *   <li>containers {@code {hub}-leases} (partition leases and {@code taskhub.json}, which records
 *       the partition count) and {@code {hub}-largemessages} (gzipped payloads too large for a
 *       queue message or a table property).
 * </ul>
 *
 * <pre>{@code
 * Backend backend = AzureBackend.create(new AzureStorageOptions()
 *     .setConnectionString("UseDevelopmentStorage=true"));
 * backend.open(vertx, "MyTaskHub", 4).onSuccess(hub -> ...);
 * }</pre>
 *
 * <p>Every call goes through the Azure SDK's asynchronous clients and returns a Vert.x future
 * completed on the caller's context; none blocks.
 */
public final class AzureBackend implements Backend {

  private final AzureStorageOptions options;
  private final AzureClients clients;

  private AzureBackend(AzureStorageOptions options) {
    this.options = new AzureStorageOptions(options);
    this.clients =
        AzureClients.create(this.options.getConnectionString(), this.options.getMaxConnections());
  }

  /** A backend on the storage account that {@code options} name. */
  public static AzureBackend create(AzureStorageOptions options) {
    return new AzureBackend(options);
  }

  /**
   * How many HTTP requests this backend has sent to the storage services (retries included): the
   * storage operations its task hubs cost.
   */
  public long storageRequests() {
    return clients.requestCount();
  }

  /**
   * Closes the backend's HTTP connections. Task hubs opened from it must not be used afterwards.
   */
  public Future<Void> close(Vertx vertx) {
    return Future.fromCompletionStage(clients.close().toFuture(), vertx.getOrCreateContext());
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    return AzureTaskHub.open(
        vertx, clients, hubName, partitionCount, options.isCreateIfNotExists());
  }
}
