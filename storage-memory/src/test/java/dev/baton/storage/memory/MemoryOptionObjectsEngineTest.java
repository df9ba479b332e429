package dev.baton.storage.memory;

import dev.baton.core.engine.OptionObjectsEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryOptionObjectsEngineTest extends OptionObjectsEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
