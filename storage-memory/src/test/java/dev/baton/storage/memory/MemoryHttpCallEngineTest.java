package dev.baton.storage.memory;

import dev.baton.core.engine.HttpCallEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryHttpCallEngineTest extends HttpCallEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
