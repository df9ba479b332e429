package dev.baton.storage.memory;

import dev.baton.core.engine.TracingEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryTracingEngineTest extends TracingEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
