package dev.baton.storage.memory;

import dev.baton.core.engine.MetricsEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryMetricsEngineTest extends MetricsEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
