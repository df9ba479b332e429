package dev.baton.storage.memory;

import dev.baton.core.engine.VersioningEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryVersioningEngineTest extends VersioningEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
