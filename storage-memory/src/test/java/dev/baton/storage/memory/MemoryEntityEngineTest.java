package dev.baton.storage.memory;

import dev.baton.core.engine.EntityEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryEntityEngineTest extends EntityEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
