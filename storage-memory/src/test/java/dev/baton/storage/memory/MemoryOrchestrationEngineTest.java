package dev.baton.storage.memory;

import dev.baton.core.engine.OrchestrationEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryOrchestrationEngineTest extends OrchestrationEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
