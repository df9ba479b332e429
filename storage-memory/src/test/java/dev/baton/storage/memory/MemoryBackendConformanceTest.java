package dev.baton.storage.memory;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.BackendConformanceTest;
import io.vertx.core.Vertx;
import java.time.Duration;

/** The memory backend against the SPI's conformance suite, on the system clock. */
class MemoryBackendConformanceTest extends BackendConformanceTest {

  @Override
  protected Backend createBackend(Vertx vertx) {
    return MemoryBackend.create();
  }

  /** The memory backend honours milliseconds, so the suite's waits can be short. */
  @Override
  protected Duration shortTime() {
    return Duration.ofMillis(200);
  }
}
