package dev.baton.storage.memory;

import dev.baton.core.engine.EntityProxyEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryEntityProxyEngineTest extends EntityProxyEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
