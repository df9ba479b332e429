package dev.baton.storage.memory;

import dev.baton.core.engine.LeaseRenewalEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;

class MemoryLeaseRenewalEngineTest extends LeaseRenewalEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }
}
