package dev.baton.storage.memory;

import dev.baton.core.engine.SubOrchestrationEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemorySubOrchestrationEngineTest extends SubOrchestrationEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
