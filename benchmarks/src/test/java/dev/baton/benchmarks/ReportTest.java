package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's command line: figure names and their beginnings are accepted and run the sections
 * that print those figures (a whole name that begins another runs only its own), anything else is
 * refused by name before an engine starts, and a report that fails exits with status 1 and the
 * error printed instead of staying alive on its event loops.
 */
class ReportTest {

  @Test
  void figureNamesAndTheirBeginningsAreAccepted() {
    for (String figure : Report.FIGURES.names()) {
      assertDoesNotThrow(() -> Report.FIGURES.check(List.of(figure)), figure);
    }
    assertDoesNotThrow(
        () ->
            Report.FIGURES.check(
                List.of("chaos", "recovery", "client", "azure", "azure_takeover_s")));
  }

  @Test
  void eachFigureNameRunsTheSectionThatPrintsItAndNoOther() {
    for (Section section : Section.values()) {
      for (String figure : section.figures()) {
        assertTrue(Report.FIGURES.names().contains(figure), figure);
        for (Section other : Section.values()) {
          assertEquals(
              other == section,
              Report.wanted(List.of(figure), other),
              figure + " runs " + other + ": " + (other == section));
        }
      }
    }
    assertEquals(
        Arrays.stream(Section.values()).mapToInt(s -> s.figures().size()).sum(),
        new HashSet<>(Report.FIGURES.names()).size(),
        "each figure is printed by one section");
  }

  @Test
  void aLatencyPercentileByItsPrintedNameRunsTheLatencySection() {
    assertTrue(Report.wanted(List.of("start_latency_p50"), Section.START_LATENCY));
    assertTrue(Report.wanted(List.of("start_latency_p99"), Section.START_LATENCY));
    assertFalse(Report.wanted(List.of("start_latency_p50"), Section.CLIENT_START_LATENCY));
    assertTrue(Report.wanted(List.of("client_start_latency_p99"), Section.CLIENT_START_LATENCY));
    assertTrue(Report.wanted(List.of("azure_start_latency_p50"), Section.AZURE_START_LATENCY));
    assertTrue(Report.wanted(List.of("azure_takeover_s"), Section.AZURE_TAKEOVER));
  }

  @Test
  void aBeginningRunsEverySectionWithAFigureItBegins() {
    assertEquals(List.of(Section.CHAIN_1000, Section.CHAIN_10000), wantedBy(List.of("chain")));
    assertEquals(List.of(Section.START_LATENCY), wantedBy(List.of("start_latency")));
    assertEquals(
        List.of(
            Section.CLIENT_HELLO_SEQUENCE5,
            Section.CLIENT_CHAIN_1000,
            Section.CLIENT_START_LATENCY,
            Section.CLIENT_ENTITY_SIGNALS_1),
        wantedBy(List.of("client")));
    assertEquals(
        List.of(Section.CACHED_INSTANCE, Section.TIMERS), wantedBy(List.of("cached", "timers")));
    assertEquals(List.of(Section.CHAOS), wantedBy(List.of("chaos_lost")));
    assertEquals(
        List.of(
            Section.AZURE_HELLO_SEQUENCE5,
            Section.AZURE_STORAGE_OPS,
            Section.AZURE_START_LATENCY,
            Section.AZURE_TAKEOVER,
            Section.AZURE_IDLE,
            Section.AZURE_SCALEOUT_1,
            Section.AZURE_SCALEOUT_2,
            Section.AZURE_SCALEOUT_4),
        wantedBy(List.of("azure")));
    assertEquals(List.of(Section.AZURE_SCALEOUT_2), wantedBy(List.of("azure_scaleout_2")));
    assertEquals(List.of(Section.values()), wantedBy(List.of()), "no argument runs everything");
  }

  @Test
  void aWholeNameThatBeginsAnotherRunsOnlyItself() {
    assertEquals(List.of(Section.CHAIN_1000), wantedBy(List.of("chain_1000")));
    assertEquals(List.of(Section.ENTITY_SIGNALS_1), wantedBy(List.of("entity_signals_1")));
    assertEquals(
        List.of(Section.ENTITY_SIGNALS_1, Section.ENTITY_SIGNALS_1000),
        wantedBy(List.of("entity_signals")));
  }

  @Test
  void theGroupsOfTheOtherReportsAreTheSectionsWhoseFiguresTheyHold() {
    assertTrue(MemoryReport.wanted(List.of("timers_heap_bytes_per_instance")));
    assertFalse(MemoryReport.wanted(List.of("chaos")));
    assertTrue(ChaosReport.wanted(List.of("recovery_after_restart_s")));
    assertFalse(ChaosReport.wanted(List.of("chain")));
    assertTrue(AzureReport.wanted(List.of("azure_storage_ops_per_orchestration")));
    assertFalse(AzureReport.wanted(List.of("hello_sequence5")));
  }

  @Test
  void aWaitThatIsNeverAnsweredEndsWithAnErrorAtItsLimit() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> Report.await(Promise.<String>promise().future(), Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("no answer within PT0.05S"), e.getMessage());
    assertEquals("done", Report.await(Future.succeededFuture("done")));
  }

  private static List<Section> wantedBy(List<String> only) {
    return Arrays.stream(Section.values()).filter(s -> Report.wanted(only, s)).toList();
  }

  @Test
  void anArgumentThatBeginsNoFigureIsRefusedByName() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Report.FIGURES.check(List.of("chaos", "recovry")));
    assertTrue(e.getMessage().contains("'recovry'"), e.getMessage());
    assertTrue(e.getMessage().contains("recovery_after_restart_s"), e.getMessage());
  }

  @Test
  void aReportThatFailsExitsWithStatusOneAndSaysWhy(@TempDir Path dir) throws Exception {
    var report = ReportProcess.run(dir, List.of(), Report.class, "no_such_figure");
    assertEquals(1, report.status(), report.output());
    assertTrue(report.output().contains("# the report failed"), report.output());
    assertTrue(report.output().contains("'no_such_figure'"), report.output());
  }
}
