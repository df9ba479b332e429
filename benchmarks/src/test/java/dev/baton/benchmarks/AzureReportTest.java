package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Azure report's lines of requests by kind: the storage requests per orchestration and an idle
 * engine's per minute are printed by one formatter, each as they were before it was shared.
 */
class AzureReportTest {

  private static final Map<String, Long> COUNTS =
      new TreeMap<>(Map.of("queue GET", 150L, "table POST", 7L, "blob PUT", 1234L));

  @Test
  void requestsPerOrchestrationHaveTwoDecimals() {
    assertEquals(
        String.format(" blob_PUT=%.2f queue_GET=%.2f table_POST=%.2f", 12.34, 1.5, 0.07),
        AzureReport.byKind(COUNTS, 100, 2));
  }

  @Test
  void requestsPerMinuteHaveOneDecimal() {
    assertEquals(
        String.format(" blob_PUT=%.1f queue_GET=%.1f table_POST=%.1f", 1234 / 1.5, 100.0, 7 / 1.5),
        AzureReport.byKind(COUNTS, 1.5, 1));
  }

  @Test
  void noRequestsPrintNothing() {
    assertEquals("", AzureReport.byKind(Map.of(), 100, 2));
  }
}
