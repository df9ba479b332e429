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
 * The Azure SDK's asynchronous service clients of one storage account, sharing one Netty HTTP
 * client (the SDK's own, which runs on the Netty that Vert.x uses).
 */
public record AzureClients(
    TableServiceAsyncClient tables, QueueServiceAsyncClient queues, BlobServiceAsyncClient blobs) {

  /** Clients for the account of {@code connectionString}. */
  public static AzureClients create(String connectionString) {
    HttpClient http = new NettyAsyncHttpClientBuilder().build();
    return new AzureClients(
        new TableServiceClientBuilder()
            .connectionString(connectionString)
            .httpClient(http)
            .buildAsyncClient(),
        new QueueServiceClientBuilder()
            .connectionString(connectionString)
            .httpClient(http)
            .buildAsyncClient(),
        new BlobServiceClientBuilder()
            .connectionString(connectionString)
            .httpClient(http)
            .buildAsyncClient());
  }
}
