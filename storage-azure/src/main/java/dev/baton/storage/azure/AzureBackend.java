package dev.baton.storage.azure;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.AzureTaskHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Azure Storage backend: a task hub lives in one storage account with Durable Functions' table,
 * queue and container names, partition placement and row keys, so it looks familiar in Storage
 * Explorer; the rows and messages in it are in Baton's own format (see the module's README).
 *
 * <ul>
 *   <li>tables {@code {hub}History} (one row per event, keyed by instance id and sequence number,
 *       plus a sentinel row per instance whose ETag guards every append) and {@code {hub}Instances}
 *       (one status row per instance);
 *   <li>queues {@code {hub}-control-00} to {@code -NN} (one per partition) and {@code
 *       {hub}-workitems};
 *   <li>containers {@code {hub}-leases} (partition leases and {@code taskhub.json}, which records
 *       the hub's format and partition count; a hub of another system or format is refused with
 *       {@code BATON-126}) and {@code {hub}-largemessages} (gzipped payloads too large for a queue
 *       message or a table property).
 * </ul>
 *
 * <pre>{@code
 * Backend backend = AzureBackend.create(new AzureStorageOptions()
 *     .setAccountName("mystorageaccount")
 *     .setCredential(new DefaultAzureCredentialBuilder().build()));
 * backend.open(vertx, "MyTaskHub", 4).onSuccess(hub -> ...);
 * }</pre>
 *
 * <p>It signs in with a connection string or with a Microsoft Entra ID token credential (see {@link
 * AzureStorageOptions}).
 *
 * <p>Every call goes through the Azure SDK's asynchronous clients and returns a Vert.x future
 * completed on the caller's context; none blocks.
 */
public final class AzureBackend implements Backend, MeterBinder {

  /**
   * How long an idle engine on Azure Storage waits at most between polls of a queue unless {@code
   * BatonOptions.setMaxPollInterval} says otherwise: 9 s. Every poll is a billed request, so an
   * idle engine (four partitions and its work-item queue) costs about 33 receives a minute instead
   * of 600 at the memory backend's 500 ms; a message sent in this process still wakes its receiver
   * at once, so only messages from other processes wait for a poll. Durable Functions goes up to 30
   * s; 9 s keeps Baton's recovery promise with the default options, max(visibility timeout 15 s,
   * lease 15 s + renewal 5 s) + Azure's 1 s lease clock grain + the poll interval = 30 s.
   */
  public static final java.time.Duration DEFAULT_MAX_POLL_INTERVAL =
      java.time.Duration.ofSeconds(9);

  private final AzureStorageOptions options;
  private final AzureClients clients;

  private AzureBackend(
      AzureStorageOptions options, UnaryOperator<reactor.netty.http.client.HttpClient> transport) {
    this.options = new AzureStorageOptions(options);
    this.clients = AzureClients.create(this.options, transport);
  }

  /**
   * A backend on the storage account that {@code options} name, signed in with its connection
   * string or its credential.
   *
   * @throws dev.baton.core.BatonException {@code BATON-112} when the options conflict or miss
   *     something: both a connection string and a credential, endpoints without a credential, a
   *     credential without the account's endpoints, or an endpoint that is not https
   */
  public static AzureBackend create(AzureStorageOptions options) {
    return new AzureBackend(java.util.Objects.requireNonNull(options, "options"), null);
  }

  /** {@link #create(AzureStorageOptions)} on a changed HTTP transport (tests: TLS trust). */
  static AzureBackend create(
      AzureStorageOptions options, UnaryOperator<reactor.netty.http.client.HttpClient> transport) {
    return new AzureBackend(options, transport);
  }

  /**
   * How many HTTP requests this backend has sent to the storage services (retries included): the
   * storage operations its task hubs cost.
   */
  public long storageRequests() {
    return clients.requestCount();
  }

  /**
   * The requests of {@link #storageRequests()} by kind: the service, the HTTP method, and whether a
   * table request was a batch, e.g. {@code {"queue GET": 120, "table POST batch": 40}}.
   */
  public Map<String, Long> storageRequestsByKind() {
    return clients.requestsByKind();
  }

  /**
   * Shows the counts of {@link #storageRequestsByKind()} in {@code registry} as the counter {@code
   * baton.azure.requests} tagged {@code kind}. An engine with metrics on binds its backend itself.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    clients.bindTo(java.util.Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Closes the backend's HTTP connections, completing on the caller's Vert.x context when there is
   * one. Task hubs opened from it must not be used afterwards.
   */
  @Override
  public Future<Void> close() {
    var done = clients.close().toFuture();
    var context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(done)
        : Future.fromCompletionStage(done, context);
  }

  /** 9 s on Azure Storage: see {@link #DEFAULT_MAX_POLL_INTERVAL}. */
  @Override
  public java.time.Duration defaultMaxPollInterval() {
    return DEFAULT_MAX_POLL_INTERVAL;
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    return AzureTaskHub.open(
        vertx, clients, hubName, partitionCount, options.isCreateIfNotExists());
  }
}
