package dev.baton.storage.azure;

import dev.baton.core.engine.LocalActivityEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureLocalActivityEngineTest extends LocalActivityEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }
}
