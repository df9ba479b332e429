package dev.baton.storage.memory;

import dev.baton.core.engine.EntityLockEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryEntityLockEngineTest extends EntityLockEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
