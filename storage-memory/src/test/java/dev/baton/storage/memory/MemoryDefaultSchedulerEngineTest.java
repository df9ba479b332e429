package dev.baton.storage.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.engine.OrchestrationEngineTest;
import dev.baton.core.impl.replay.VirtualThreads;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestration suite with orchestrator code on the JDK's default virtual-thread scheduler
 * (what runs when the JVM lacks {@code --add-opens java.base/java.lang}); the other bindings run it
 * on the partitions' event loops.
 */
class MemoryDefaultSchedulerEngineTest extends OrchestrationEngineTest {

  @Override
  protected Backend newBackend(Vertx vertx) {
    return MemoryBackend.create();
  }

  @BeforeEach
  void useDefaultScheduler() {
    fixture.onDefaultScheduler();
  }

  @Test
  void theTestJvmAllowsEventLoopSchedulingForTheOtherBindings() {
    assertTrue(VirtualThreads.customSchedulerAvailable());
  }
}
