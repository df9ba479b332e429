package dev.baton.storage.memory;

import dev.baton.core.engine.LeaseFencingEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryLeaseFencingEngineTest extends LeaseFencingEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
