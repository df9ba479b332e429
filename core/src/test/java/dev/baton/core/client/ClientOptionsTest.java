package dev.baton.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.entity.CleanEntityStorageOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The client's options objects: defaults, JSON forms, the one name for a start time. */
class ClientOptionsTest {

  @Test
  void aScheduledStartTimeSurvivesJsonAndTheOlderKeyIsStillRead() {
    Instant at = Instant.parse("2026-12-24T18:00:00Z");
    var options = new StartOptions().setInstanceId("x").setScheduledStartTime(at);
    assertEquals("2026-12-24T18:00:00Z", options.toJson().getString("scheduledStartTime"));
    assertEquals(at, new StartOptions(options.toJson()).getScheduledStartTime());
    assertEquals(
        at,
        new StartOptions(new JsonObject().put("startAt", "2026-12-24T18:00:00Z"))
            .getScheduledStartTime());
  }

  @Test
  void aStartTimeThatIsNotAnInstantIsRefused() {
    var error =
        assertThrows(
            BatonException.class,
            () -> new StartOptions(new JsonObject().put("scheduledStartTime", "tomorrow")));
    assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
    assertTrue(error.getMessage().contains("'tomorrow'"), error.getMessage());
  }

  @Test
  void fetchAndCleanOptionsDefaultToEverythingAndSurviveJson() {
    assertTrue(new GetInstanceOptions().isFetchInputsAndOutputs());
    var bare = new GetInstanceOptions().setFetchInputsAndOutputs(false);
    assertFalse(new GetInstanceOptions(bare.toJson()).isFetchInputsAndOutputs());
    assertTrue(new GetInstanceOptions(new JsonObject()).isFetchInputsAndOutputs());

    var clean = new CleanEntityStorageOptions();
    assertTrue(clean.isRemoveEmptyEntities() && clean.isReleaseOrphanedLocks());
    var locksOnly = new CleanEntityStorageOptions(clean.setRemoveEmptyEntities(false).toJson());
    assertFalse(locksOnly.isRemoveEmptyEntities());
    assertTrue(locksOnly.isReleaseOrphanedLocks());
  }
}
