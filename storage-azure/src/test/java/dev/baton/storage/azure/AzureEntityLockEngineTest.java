package dev.baton.storage.azure;

import dev.baton.core.engine.EntityLockEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({AzuriteExtension.class, NotOnAzurite.class})
class AzureEntityLockEngineTest extends EntityLockEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }
}
