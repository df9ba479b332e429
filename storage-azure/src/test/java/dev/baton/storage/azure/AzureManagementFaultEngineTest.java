package dev.baton.storage.azure;

import dev.baton.core.engine.ManagementFaultEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Suspend, resume, terminate and continue-as-new cut at one effect each on Azurite, where a
 * redelivered request is recognised in a history read back from table rows.
 */
@ExtendWith(AzuriteExtension.class)
class AzureManagementFaultEngineTest extends ManagementFaultEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }
}
