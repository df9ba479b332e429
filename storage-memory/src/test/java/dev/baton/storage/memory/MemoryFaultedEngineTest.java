package dev.baton.storage.memory;

import dev.baton.core.engine.FaultedEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryFaultedEngineTest extends FaultedEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
