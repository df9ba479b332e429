package dev.baton.storage.azure;

import dev.baton.core.engine.CrashPointEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** Crash points on Azurite: the cuts where the table rows and the queues part ways. */
@ExtendWith(AzuriteExtension.class)
class AzureCrashPointEngineTest extends CrashPointEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Override
  protected List<CrashPoint> crashPoints() {
    return List.of(CrashPoint.AFTER_APPEND, CrashPoint.AFTER_ROW, CrashPoint.BEFORE_DELETE);
  }
}
