package dev.baton.storage.memory;

import dev.baton.core.engine.EntityQueryEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryEntityQueryEngineTest extends EntityQueryEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
