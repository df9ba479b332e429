package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueServiceAsyncClient;
import com.azure.storage.queue.QueueServiceClientBuilder;

/**
 * The Azure SDK's asynchronous service clients of one storage account. All clients of the process
 * share one Netty HTTP client (the SDK's own, which runs on the Netty that Vert.x uses), so its
 * connection pool and event loops exist once.
 */
public final class AzureClients {

  private static final class SharedHttp {
    static final HttpClient CLIENT = new NettyAsyncHttpClientBuilder().build();
  }

  private final TableServiceAsyncClient tables;
  private final QueueServiceAsyncClient queues;
  private final BlobServiceAsyncClient blobs;
  private final RequestCounter requests = new RequestCounter();

  private AzureClients(String connectionString) {
    HttpClient http = SharedHttp.CLIENT;
    this.tables =
        new TableServiceClientBuilder()
            .connectionString(connectionString)
            .httpClient(http)
            .addPolicy(requests)
            .addPolicy(new TransactionEtagPolicy())
            .buildAsyncClient();
    this.queues =
        new QueueServiceClientBuilder()
            .connectionString(connectionString)
            .httpClient(http)
            .addPolicy(requests)
            .buildAsyncClient();
    this.blobs =
        new BlobServiceClientBuilder()
            .connectionString(connectionString)
            .httpClient(http)
            .addPolicy(requests)
            .buildAsyncClient();
  }

  /** Clients for the account of {@code connectionString}. */
  public static AzureClients create(String connectionString) {
    return new AzureClients(connectionString);
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

  /** How many HTTP requests these clients have sent, retries included. */
  public long requestCount() {
    return requests.count();
  }
}
