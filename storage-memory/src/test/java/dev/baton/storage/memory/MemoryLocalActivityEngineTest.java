package dev.baton.storage.memory;

import dev.baton.core.engine.LocalActivityEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryLocalActivityEngineTest extends LocalActivityEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
