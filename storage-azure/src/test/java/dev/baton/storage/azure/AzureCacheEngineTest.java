package dev.baton.storage.azure;

import dev.baton.core.engine.CacheEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureCacheEngineTest extends CacheEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Override
  protected int instances() {
    return 4;
  }
}
