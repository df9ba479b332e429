package dev.baton.storage.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine on Azure Storage polls an idle queue at most every 9 s unless told otherwise (every
 * poll is a billed request), and that default still keeps the recovery promise: with the default
 * options every instance moves again within 30 s of a crash. How the polls back off to it is
 * checked in core's {@code ReceiveLoopTest}; that a local send still wakes its receiver at once, in
 * {@link AzureLocalWakeTest}.
 */
class AzurePollingDefaultsTest {

  private static final Duration PROMISE = Duration.ofSeconds(30);

  /** The grain of the clock that times Azure's blob leases (Last-Modified has whole seconds). */
  private static final Duration LEASE_CLOCK_GRAIN = Duration.ofSeconds(1);

  private final Vertx vertx = Vertx.vertx();
  private final AzureBackend backend = AzureBackend.create(new AzureStorageOptions());

  @AfterEach
  void close() {
    backend.close().await();
    vertx.close().await();
  }

  @Test
  void anEngineOnAzureWaitsUpToNineSecondsBetweenIdlePollsUnlessTold() {
    assertEquals(Duration.ofSeconds(9), backend.defaultMaxPollInterval());
    Baton unset = Baton.builder(vertx).backend(backend).build();
    assertEquals(Duration.ofSeconds(9), unset.effectiveOptions().getMaxPollInterval());

    Baton told =
        Baton.builder(vertx)
            .backend(backend)
            .options(new BatonOptions().setMaxPollInterval(Duration.ofSeconds(2)))
            .build();
    assertEquals(Duration.ofSeconds(2), told.effectiveOptions().getMaxPollInterval());
  }

  @Test
  void theAzureDefaultKeepsRecoveryWithinThirtySeconds() {
    var o = new BatonOptions();
    Duration leases = o.getLeaseDuration().plus(o.getLeaseRenewInterval());
    Duration longest =
        o.getVisibilityTimeout().compareTo(leases) > 0 ? o.getVisibilityTimeout() : leases;
    Duration bound = longest.plus(LEASE_CLOCK_GRAIN).plus(backend.defaultMaxPollInterval());
    assertTrue(
        bound.compareTo(PROMISE) <= 0,
        "max(visibility, lease + renew) + clock grain + Azure's poll interval = " + bound);
  }
}
