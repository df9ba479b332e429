package dev.baton.storage.memory;

import dev.baton.core.engine.OrchestrationApiEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryOrchestrationApiEngineTest extends OrchestrationApiEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
