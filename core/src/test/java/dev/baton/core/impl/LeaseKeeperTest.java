package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {

  @Test
  void theMarginIsAFifthOfTheLeaseWithTheDefaults() {
    assertEquals(
        Duration.ofSeconds(3), LeaseKeeper.margin(Duration.ofSeconds(15), Duration.ofSeconds(5)));
  }

  @Test
  void theMarginLeavesTheFirstRenewalTimeToLandWhenTheRenewIntervalIsCloseToTheLease() {
    // renewed at 14 s of 15: the partition stays usable until 14.5 s, not 12 s
    assertEquals(
        Duration.ofMillis(500), LeaseKeeper.margin(Duration.ofSeconds(15), Duration.ofSeconds(14)));
  }

  @Test
  void theFirstEnginesInIdOrderTakeOneMorePartition() {
    List<String> owners = List.of("a", "b", "c");
    assertEquals(2, LeaseKeeper.shareOf(4, owners, "a"));
    assertEquals(1, LeaseKeeper.shareOf(4, owners, "b"));
    assertEquals(1, LeaseKeeper.shareOf(4, owners, "c"));
  }
}
