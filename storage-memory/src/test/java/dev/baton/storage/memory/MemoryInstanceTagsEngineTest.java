package dev.baton.storage.memory;

import dev.baton.core.engine.InstanceTagsEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryInstanceTagsEngineTest extends InstanceTagsEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
