package dev.baton.storage.azure;

import dev.baton.core.engine.OrchestrationEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureOrchestrationEngineTest extends OrchestrationEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  /** Each activity costs about six requests to Azurite's one Node.js process. */
  @Override
  protected int fanOutSize() {
    return 250;
  }
}
