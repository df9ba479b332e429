package dev.baton.storage.memory;

import dev.baton.core.engine.RecursiveTerminateEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryRecursiveTerminateEngineTest extends RecursiveTerminateEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
