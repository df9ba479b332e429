package dev.baton.storage.azure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.engine.EngineTestBase;
import dev.baton.core.engine.FaultBackend;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.engine.FaultWorkloads;
import dev.baton.core.engine.Invariants;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.Backend;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Blob uploads and downloads of {@code {hub}-largemessages} under faults: the Azure backend's
 * offloads go through the hub's payload store, so a fault wrapper reaches them. The {@code large}
 * workload (a 70 KB activity result: a queue message and a history row over their limits) runs
 * while uploads and downloads fail or lose their answers; nothing is lost or applied twice.
 */
@ExtendWith(AzuriteExtension.class)
class AzurePayloadFaultEngineTest extends EngineTestBase {

  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Test
  void failedAndLostBlobUploadsAndDownloadsLoseNothing() {
    var faults =
        new FaultBackend(fixture.backend(), 5)
            .add(Rule.first(2, Fault.FAIL, StoreCall.PAYLOAD_PUT))
            .add(Rule.first(2, Fault.LOSE_RESPONSE, StoreCall.PAYLOAD_PUT))
            .add(Rule.first(2, Fault.FAIL, StoreCall.PAYLOAD_GET))
            .add(Rule.first(2, Fault.LOSE_RESPONSE, StoreCall.PAYLOAD_GET))
            .add(Rule.random(0.1, Fault.FAIL, StoreCall.PAYLOAD_PUT, StoreCall.PAYLOAD_GET))
            .add(
                Rule.random(
                    0.1, Fault.LOSE_RESPONSE, StoreCall.PAYLOAD_PUT, StoreCall.PAYLOAD_GET));
    Baton baton = fixture.start(b -> FaultWorkloads.register(b.backend(faults)));
    var invariants = new Invariants(fixture.hub()); // read past the faults, closed with the fixture
    FaultWorkloads.start(baton.client(), "blob-", 4, Set.of("large"), invariants);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !invariants.allFinished()) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    // each history holds a 70 KB result, read back from its blob while downloads still fail: the
    // engine alone may need few downloads (its cache and local results spare most of them)
    for (String id : invariants.expectedInstances()) {
      var history = FaultWorkloads.retrying(() -> baton.client().getInstanceHistory(id));
      assertTrue(
          history.stream()
              .anyMatch(
                  e ->
                      e instanceof HistoryEvent.TaskCompleted c
                          && c.result() != null
                          && c.result().length() > 70_000),
          id + ": its large result, downloaded whole");
    }
    faults.heal();
    invariants.assertHold(
        baton.client(), faults::parkedControl, faults::parkedWork, Duration.ofSeconds(40));
    assertTrue(faults.injected(StoreCall.PAYLOAD_PUT) >= 4, "uploads failed: " + faults);
    assertTrue(faults.injected(StoreCall.PAYLOAD_GET) >= 4, "downloads failed: " + faults);
  }
}
