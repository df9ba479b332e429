package dev.baton.storage.memory;

import dev.baton.core.engine.ManagementFaultEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryManagementFaultEngineTest extends ManagementFaultEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
