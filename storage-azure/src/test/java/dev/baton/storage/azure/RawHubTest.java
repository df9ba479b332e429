package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;

import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.AzureTaskHub;
import dev.baton.storage.azure.impl.TaskHubNames;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the tests that read or damage what the backend stored: before each test a fresh task hub
 * on Azurite opened through the backend ({@link #hub}), beside raw Azure SDK clients of the same
 * account ({@link #raw}) and the hub's names; after it the hub is deleted and both clients closed.
 */
@ExtendWith({VertxExtension.class, AzuriteExtension.class})
abstract class RawHubTest {

  protected AzureClients raw;
  protected AzureBackend backend;
  protected TaskHubStore hub;
  protected TaskHubNames names;

  /** The hub's partition count. */
  protected int partitions() {
    return 2;
  }

  @BeforeEach
  void openRawHub(Vertx vertx, Azurite azurite) {
    raw = AzureClients.create(azurite.connectionString(), 4);
    backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    hub = result(backend.open(vertx, Await.hubName(), partitions()));
    names = ((AzureTaskHub) hub).names();
  }

  @AfterEach
  void closeRawHub() {
    result(hub.delete());
    result(backend.close());
    raw.close().block();
  }
}
