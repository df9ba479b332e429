package dev.baton.storage.memory;

import dev.baton.core.engine.ExternalEventEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryExternalEventEngineTest extends ExternalEventEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
