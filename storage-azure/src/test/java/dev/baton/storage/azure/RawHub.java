package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;

import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.AzureTaskHub;
import dev.baton.storage.azure.impl.TaskHubNames;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;

/**
 * A fresh task hub on Azurite opened through the backend, beside raw Azure SDK clients of the same
 * account and the hub's names, for tests that read or damage what the backend stored. Closing
 * deletes the hub and closes both clients.
 */
final class RawHub implements AutoCloseable {

  final AzureClients raw;
  final AzureBackend backend;
  final TaskHubStore hub;
  final TaskHubNames names;

  RawHub(Vertx vertx, Azurite azurite, int partitions) {
    raw = AzureClients.create(azurite.connectionString(), 4);
    backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    hub = result(backend.open(vertx, Await.hubName(), partitions));
    names = ((AzureTaskHub) hub).names();
  }

  @Override
  public void close() {
    result(hub.delete());
    result(backend.close());
    raw.close().block();
  }
}
