package dev.baton.storage.memory;

import dev.baton.core.engine.InstanceIdEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryInstanceIdEngineTest extends InstanceIdEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
