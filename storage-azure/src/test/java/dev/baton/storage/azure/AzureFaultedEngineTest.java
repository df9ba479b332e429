package dev.baton.storage.azure;

import dev.baton.core.engine.FaultedEngineTest;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault suite on Azurite: one seed, seven workloads (the large result's blobs, continue-as-new
 * and suspend/resume/terminate among them), two instances each, since every store call is an HTTP
 * request to one Node.js process.
 */
@ExtendWith(AzuriteExtension.class)
class AzureFaultedEngineTest extends FaultedEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Override
  protected List<Long> seeds() {
    return List.of(11L);
  }

  @Override
  protected Set<String> workloads() {
    return Set.of("chain", "sub", "event", "entity", "large", "again", "manage");
  }

  @Override
  protected int instancesPerWorkload() {
    return 2;
  }
}
