package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU report's command line, as the benchmark report's ({@link ReportTest}): its own figure
 * names and their beginnings are accepted, a whole name selects that figure alone, and anything
 * else (a figure only the benchmark report prints included) is refused by name with exit status 1
 * before the warm-up starts.
 */
class CpuReportTest {

  @Test
  void itsFigureNamesAndTheirBeginningsAreAccepted() {
    for (String figure : CpuReport.FIGURES.names()) {
      assertDoesNotThrow(() -> CpuReport.FIGURES.check(List.of(figure)), figure);
    }
    assertDoesNotThrow(() -> CpuReport.FIGURES.check(List.of("client", "chain", "one", "entity")));
    assertDoesNotThrow(() -> CpuReport.FIGURES.check(List.of()), "no argument: every figure");
  }

  @Test
  void aNameThatBeginsNoneOfItsFiguresIsRefusedWithTheList() {
    for (String arg : List.of("chain_1000", "start_latency", "azure", "clinet")) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> CpuReport.FIGURES.check(List.of("hello_sequence5", arg)),
              arg);
      assertTrue(e.getMessage().contains("'" + arg + "'"), e.getMessage());
      assertTrue(
          e.getMessage().contains(String.join(" ", CpuReport.FIGURES.names())), e.getMessage());
    }
  }

  @Test
  void aWholeNameSelectsItselfAndABeginningEveryFigureItBegins() {
    assertEquals(List.of("chain_2000"), selectedBy("chain"));
    assertEquals(List.of("hello_sequence5"), selectedBy("hello_sequence5"));
    assertEquals(List.of("entity_signals_1"), selectedBy("entity_signals_1"));
    assertEquals(
        List.of(
            "client_hello_sequence5",
            "client_chain_2000",
            "client_one_sequential",
            "client_entity_signals_1"),
        selectedBy("client"));
    assertEquals(
        CpuReport.FIGURES.names(),
        CpuReport.FIGURES.names().stream()
            .filter(f -> CpuReport.FIGURES.selects(List.of(), f))
            .toList());
    assertTrue(
        CpuReport.FIGURES.selectsAny(
            List.of("client_one"), "client_chain_2000", "client_one_sequential"));
    assertFalse(CpuReport.FIGURES.selectsAny(List.of("client_one"), "one_sequential"));
  }

  @Test
  void aFigureMissingFromTheListCannotBePrinted() {
    assertEquals("chain_2000", CpuReport.FIGURES.known("chain_2000"));
    var e = assertThrows(IllegalStateException.class, () -> CpuReport.FIGURES.known("chain_1000"));
    assertTrue(e.getMessage().contains("chain_1000"), e.getMessage());
  }

  @Test
  void anUnknownNameEndsTheReportWithStatusOneBeforeItsWarmUp(@TempDir Path dir) throws Exception {
    var report = ReportProcess.run(dir, List.of(), CpuReport.class, "chain", "chain_1000");
    assertEquals(1, report.status(), report.output());
    assertTrue(report.output().contains("# the CPU report failed"), report.output());
    assertTrue(report.output().contains("'chain_1000'"), report.output());
    assertTrue(report.output().contains("chain_2000"), report.output());
    assertFalse(report.output().contains("# warm-up"), report.output());
    assertFalse(report.output().contains("CPU chain_2000"), report.output());
  }

  private static List<String> selectedBy(String arg) {
    return CpuReport.FIGURES.names().stream()
        .filter(f -> CpuReport.FIGURES.selects(List.of(arg), f))
        .toList();
  }
}
