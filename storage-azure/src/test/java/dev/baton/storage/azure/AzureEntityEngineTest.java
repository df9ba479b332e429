package dev.baton.storage.azure;

import dev.baton.core.engine.EntityEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureEntityEngineTest extends EntityEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  /** A tenth of the memory binding's: each signal costs several HTTP requests to Azurite. */
  @Override
  protected int loadSignals() {
    return 1_000;
  }
}
