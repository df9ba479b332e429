package dev.baton.storage.azure;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.BackendConformanceTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Azure backend against the SPI's conformance suite, on the Azurite the build starts. The
 * suite's default time unit (one second) is Azure's own grain for visibility and delays.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBackendConformanceTest extends BackendConformanceTest {

  @Override
  protected Backend createBackend(Vertx vertx) {
    return AzureBackend.create(
        new AzureStorageOptions()
            .setConnectionString(AzuriteExtension.azurite().connectionString()));
  }

  /** History events and rows over 60 KB, messages over 45 KB, go to {@code {hub}-largemessages}. */
  @Override
  protected boolean offloadsLargePayloads() {
    return true;
  }
}
