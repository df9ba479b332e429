package dev.baton.storage.azure;

import dev.baton.core.engine.EntityLockEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureEntityLockEngineTest extends EntityLockEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  /**
   * A twentieth of the memory binding's: the transfers hold both locks in turn, and each critical
   * section is about ten messages one after another, each a commit of several HTTP requests to
   * Azurite (1,000 transfers took over four minutes, 100 about a minute on a loaded machine).
   */
  @Override
  protected int loadTransfers() {
    return 50;
  }
}
