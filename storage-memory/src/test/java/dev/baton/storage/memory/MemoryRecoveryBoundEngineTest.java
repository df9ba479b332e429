package dev.baton.storage.memory;

import dev.baton.core.engine.RecoveryBoundEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryRecoveryBoundEngineTest extends RecoveryBoundEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
