package dev.baton.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the engine suites: a backend binds them by implementing {@link #newBackend}. Vert.x's
 * blocked-thread checker stays on, and a test fails when any event loop was blocked during it or an
 * exception escaped to a Vert.x context.
 */
@ExtendWith(VertxExtension.class)
public abstract class EngineTestBase {

  protected EngineFixture fixture;

  /** Exceptions no handler took, thrown on a Vert.x context during the current test. */
  protected final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

  /** The blocked-thread reports of the current test. */
  protected BlockedLoops blocked;

  /**
   * How long an event loop may be held before the test fails. Vert.x warns after 2 s; a test fails
   * only past this longer limit, so a loaded machine's scheduling stalls do not fail it while any
   * real blocking call still does.
   */
  protected long blockedLimitMillis() {
    return BlockedLoops.LIMIT_MILLIS;
  }

  /** The backend under test; called once per test. */
  protected abstract Backend newBackend(Vertx vertx);

  @BeforeEach
  void setUpFixture(Vertx vertx) {
    blocked = BlockedLoops.watch(vertx, blockedLimitMillis());
    vertx.exceptionHandler(
        t -> {
          t.printStackTrace();
          unhandled.add(t);
        });
    fixture = new EngineFixture(vertx, newBackend(vertx));
  }

  @AfterEach
  void closeFixture() {
    fixture.close();
    assertEquals(List.of(), blocked.reports(), "no event loop may be blocked");
    assertEquals(List.of(), unhandled, "no exception may escape to a Vert.x context");
  }
}
