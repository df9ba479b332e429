package dev.baton.storage.memory;

import dev.baton.core.engine.CrashPointEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryCrashPointEngineTest extends CrashPointEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
