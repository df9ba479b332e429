package dev.baton.core.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.baton.core.spi.Backend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine suites' guard really sees an event loop held past Vert.x's limit. */
class BlockedEventLoopGuardTest extends EngineTestBase {

  @Override
  protected long blockedLimitMillis() {
    return 2_000;
  }

  @Override
  protected Backend newBackend(Vertx vertx) {
    return (v, hub, partitions) -> Future.failedFuture("not used");
  }

  @Test
  void aBlockedEventLoopIsReported() {
    fixture
        .vertx()
        .runOnContext(
            v -> {
              long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3200);
              while (System.nanoTime() < end) {
                Thread.onSpinWait();
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (blocked.reports().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertFalse(blocked.reports().isEmpty(), "the checker reported the blocked loop");
    blocked.clear(); // this test blocked on purpose
  }
}
