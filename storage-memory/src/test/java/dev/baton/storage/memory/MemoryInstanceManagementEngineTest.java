package dev.baton.storage.memory;

import dev.baton.core.engine.InstanceManagementEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryInstanceManagementEngineTest extends InstanceManagementEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
