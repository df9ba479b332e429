package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueServiceAsyncClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import java.time.Duration;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * The Azure SDK's asynchronous service clients of one storage account. The data clients of the
 * process share one Netty HTTP client (the SDK's own, which runs on the Netty that Vert.x uses), so
 * its connection pool and event loops exist once. Lease calls go through a client of their own
 * ({@link #leaseBlobs()}): their own small connection pool, so they never queue behind data traffic
 * for a connection, and a short per-try timeout ({@link
 * dev.baton.storage.azure.AzureStorageOptions#setLeaseTryTimeout}), so a call that gets no answer
 * is abandoned and tried once more instead of holding the renewals after it.
 */
public final class AzureClients {

  /**
   * Connections idle longer than this are not reused: Azurite (Node.js) closes idle keep-alive
   * connections after 5 s, and a request sent on one it is closing fails with a reset that the SDK
   * may only retry after a back-off.
   */
  static final Duration MAX_IDLE = Duration.ofSeconds(4);

  /** Retries of a failed request inside the SDK; the engine redelivers beyond them. */
  private static final int MAX_TRIES = 4;

  private static final Duration RETRY_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(4);

  /**
   * Tries of one lease call: a second try on a new connection covers a connection the server
   * closed; beyond that the engine's own renewal schedule retries, while the lease is usable.
   */
  private static final int LEASE_TRIES = 2;

  private static final Duration LEASE_RETRY_DELAY = Duration.ofMillis(100);

  /** Connections of the lease pool: one per partition at most (16) renewing at once. */
  private static final int LEASE_CONNECTIONS = 16;

  private final TableServiceAsyncClient tables;
  private final QueueServiceAsyncClient queues;
  private final BlobServiceAsyncClient blobs;
  private final BlobServiceAsyncClient leaseBlobs;
  private final RequestCounter requests = new RequestCounter();
  private final ConnectionProvider connections;
  private final ConnectionProvider leaseConnections;

  private AzureClients(
      AzureAccount account,
      int maxConnections,
      Duration leaseTryTimeout,
      UnaryOperator<reactor.netty.http.client.HttpClient> transport) {
    this.connections = pool("baton-azure-storage", maxConnections);
    this.leaseConnections = pool("baton-azure-leases", LEASE_CONNECTIONS);
    HttpClient http = http(connections, transport).build();
    HttpClient leaseHttp =
        http(leaseConnections, transport)
            .connectTimeout(leaseTryTimeout)
            .readTimeout(leaseTryTimeout)
            .build();
    var tableBuilder = new TableServiceClientBuilder();
    var queueBuilder = new QueueServiceClientBuilder();
    var blobBuilder = new BlobServiceClientBuilder();
    var leaseBuilder = new BlobServiceClientBuilder();
    switch (account) {
      case AzureAccount.ConnectionString cs -> {
        try {
          tableBuilder.connectionString(cs.value());
          queueBuilder.connectionString(cs.value());
          blobBuilder.connectionString(cs.value());
          leaseBuilder.connectionString(cs.value());
        } catch (IllegalArgumentException e) {
          connections.dispose();
          leaseConnections.dispose();
          // the SDK's message names what is missing, never the string's (secret) content
          throw AzureAccount.invalid("connectionString is malformed: " + e.getMessage());
        }
      }
      case AzureAccount.Token token -> {
        tableBuilder.endpoint(token.table().toString()).credential(token.credential());
        queueBuilder.endpoint(token.queue().toString()).credential(token.credential());
        blobBuilder.endpoint(token.blob().toString()).credential(token.credential());
        leaseBuilder.endpoint(token.blob().toString()).credential(token.credential());
      }
    }
    this.tables =
        tableBuilder
            .httpClient(http)
            .retryPolicy(
                new RetryPolicy(
                    new ExponentialBackoff(MAX_TRIES - 1, RETRY_DELAY, MAX_RETRY_DELAY)))
            .addPolicy(requests.policy("table"))
            .addPolicy(new TransactionEtagPolicy())
            .buildAsyncClient();
    var storageRetry =
        new RequestRetryOptions(
            RetryPolicyType.EXPONENTIAL,
            MAX_TRIES,
            (Duration) null,
            RETRY_DELAY,
            MAX_RETRY_DELAY,
            null);
    this.queues =
        queueBuilder
            .httpClient(http)
            .retryOptions(storageRetry)
            .addPolicy(requests.policy("queue"))
            .buildAsyncClient();
    this.blobs =
        blobBuilder
            .httpClient(http)
            .retryOptions(storageRetry)
            .addPolicy(requests.policy("blob"))
            .buildAsyncClient();
    this.leaseBlobs =
        leaseBuilder
            .httpClient(leaseHttp)
            .retryOptions(
                new RequestRetryOptions(
                    RetryPolicyType.FIXED,
                    LEASE_TRIES,
                    leaseTryTimeout,
                    LEASE_RETRY_DELAY,
                    LEASE_RETRY_DELAY,
                    null))
            .addPolicy(requests.policy("blob"))
            .buildAsyncClient();
  }

  private static ConnectionProvider pool(String name, int maxConnections) {
    return ConnectionProvider.builder(name)
        .maxConnections(maxConnections)
        .pendingAcquireMaxCount(-1)
        .maxIdleTime(MAX_IDLE)
        .build();
  }

  private static NettyAsyncHttpClientBuilder http(
      ConnectionProvider pool, UnaryOperator<reactor.netty.http.client.HttpClient> transport) {
    return transport == null
        ? new NettyAsyncHttpClientBuilder().connectionProvider(pool)
        : new NettyAsyncHttpClientBuilder(
            transport.apply(reactor.netty.http.client.HttpClient.create(pool)));
  }

  /**
   * Clients for the account of {@code connectionString}, sharing one HTTP connection pool of at
   * most {@code maxConnections} connections (requests beyond them wait for a free one).
   */
  public static AzureClients create(String connectionString, int maxConnections) {
    return new AzureClients(
        new AzureAccount.ConnectionString(connectionString),
        maxConnections,
        dev.baton.storage.azure.AzureStorageOptions.DEFAULT_LEASE_TRY_TIMEOUT,
        null);
  }

  /**
   * Clients for the account of {@code options} (see {@link AzureAccount#resolve}, which refuses bad
   * settings), sharing one HTTP connection pool of at most {@code maxConnections} connections
   * (requests beyond them wait for a free one).
   *
   * @param transport changes the Reactor Netty client the pool serves (e.g. the TLS trust of a test
   *     emulator's certificate), or {@code null} for the SDK's defaults
   */
  public static AzureClients create(
      dev.baton.storage.azure.AzureStorageOptions options,
      UnaryOperator<reactor.netty.http.client.HttpClient> transport) {
    return new AzureClients(
        AzureAccount.resolve(options),
        options.getMaxConnections(),
        options.getLeaseTryTimeout(),
        transport);
  }

  public TableServiceAsyncClient tables() {
    return tables;
  }

  public QueueServiceAsyncClient queues() {
    return queues;
  }

  public BlobServiceAsyncClient blobs() {
    return blobs;
  }

  /**
   * The blob client for partition leases: its own connections and a short per-try timeout; data
   * calls (payloads, {@code taskhub.json}) use {@link #blobs()}.
   */
  public BlobServiceAsyncClient leaseBlobs() {
    return leaseBlobs;
  }

  /** Closes the connection pools; the clients must not be used afterwards. */
  public Mono<Void> close() {
    return Mono.when(connections.disposeLater(), leaseConnections.disposeLater());
  }

  /** How many HTTP requests these clients have sent, retries included. */
  public long requestCount() {
    return requests.count();
  }

  /** Shows the request counts in {@code registry} ({@code baton.azure.requests}). */
  public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
    requests.bindTo(registry);
  }

  /** The requests sent so far by kind ({@code "queue GET"}, {@code "table POST batch"}, ...). */
  public java.util.Map<String, Long> requestsByKind() {
    return requests.byKind();
  }
}
