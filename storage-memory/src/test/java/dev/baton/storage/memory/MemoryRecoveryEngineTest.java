package dev.baton.storage.memory;

import dev.baton.core.engine.RecoveryEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryRecoveryEngineTest extends RecoveryEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
