package dev.baton.storage.memory;

import dev.baton.core.engine.UserCodeEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryUserCodeEngineTest extends UserCodeEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
