package dev.baton.storage.memory;

import dev.baton.core.engine.EntityRowEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryEntityRowEngineTest extends EntityRowEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
