package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's command line: figure names and their beginnings are accepted, anything else is
 * refused by name before an engine starts, and a report that fails exits with status 1 and the
 * error printed instead of staying alive on its event loops.
 */
class ReportTest {

  @Test
  void figureNamesAndTheirBeginningsAreAccepted() {
    for (String figure : Report.FIGURES) {
      assertDoesNotThrow(() -> Report.checkNames(List.of(figure)), figure);
    }
    assertDoesNotThrow(() -> Report.checkNames(List.of("chaos", "recovery", "client", "azure")));
  }

  @Test
  void anArgumentThatBeginsNoFigureIsRefusedByName() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Report.checkNames(List.of("chaos", "recovry")));
    assertTrue(e.getMessage().contains("'recovry'"), e.getMessage());
    assertTrue(e.getMessage().contains("recovery_after_restart_s"), e.getMessage());
  }

  @Test
  void aReportThatFailsExitsWithStatusOneAndSaysWhy(@TempDir Path dir) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path output = dir.resolve("report.txt");
    Process report =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Report.class.getName(),
                "no_such_figure")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = report.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      report.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(exited, "the report exits: " + out);
    assertEquals(1, report.exitValue(), out);
    assertTrue(out.contains("# the report failed"), out);
    assertTrue(out.contains("'no_such_figure'"), out);
  }
}
