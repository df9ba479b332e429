package dev.baton.storage.azure;

import dev.baton.core.engine.OrchestrationApiEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureOrchestrationApiEngineTest extends OrchestrationApiEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }
}
