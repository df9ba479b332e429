package dev.baton.storage.memory;

import dev.baton.core.engine.CacheEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryCacheEngineTest extends CacheEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
