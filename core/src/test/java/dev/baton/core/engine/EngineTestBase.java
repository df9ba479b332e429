package dev.baton.core.engine;

import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the engine suites: a backend binds them by implementing {@link #newBackend}. */
@ExtendWith(VertxExtension.class)
public abstract class EngineTestBase {

  protected EngineFixture fixture;

  /** The backend under test; called once per test. */
  protected abstract Backend newBackend(Vertx vertx);

  @BeforeEach
  void setUpFixture(Vertx vertx) {
    fixture = new EngineFixture(vertx, newBackend(vertx));
  }

  @AfterEach
  void closeFixture() {
    fixture.close();
  }
}
