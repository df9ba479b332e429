package dev.baton.storage.memory;

import dev.baton.core.engine.ScaleOutEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryScaleOutEngineTest extends ScaleOutEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
