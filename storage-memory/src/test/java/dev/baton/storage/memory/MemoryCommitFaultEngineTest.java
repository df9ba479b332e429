package dev.baton.storage.memory;

import dev.baton.core.engine.CommitFaultEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import java.time.Clock;

class MemoryCommitFaultEngineTest extends CommitFaultEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }

  @Override
  protected Backend newBackend(Vertx vertx, Clock clock) {
    return MemoryBackend.create(clock);
  }
}
