package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report's {@code --jfr} recording ({@link FlightRecording}) is written, starts after the warm-up
 * has ended and holds samples of the measured runs; a destination it cannot write is refused before
 * anything runs; and the warm-up shows in any recording that does cover it, so its absence from the
 * report's recording means the recording started after it.
 */
class FlightRecordingTest {

  private static final String WARM_UP_EVENT = "dev.baton.benchmarks.WarmUp";
  private static final Pattern WARM_UP_LINE =
      Pattern.compile("# warm-up: 1 rounds in (\\d+)[.,](\\d) s");

  @Test
  void theCpuReportRecordsItsMeasuredRunsFromTheEndOfTheWarmUp(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cpu-one_sequential.jfr");
    var report =
        ReportProcess.run(
            dir,
            List.of("-Dcpu.runs=1", "-Dwarmup.rounds=1", "-Dbaton.jfr=" + file),
            CpuReport.class,
            "one_sequential");
    assertEquals(0, report.status(), report.output());
    assertTrue(report.output().contains("CPU one_sequential "), report.output());
    assertRecordedAfterTheWarmUp(report, file);
  }

  @Test
  void theBenchmarkReportRecordsItsMeasuredRunsFromTheEndOfTheWarmUp(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("bench-start_latency.jfr");
    var report =
        ReportProcess.run(
            dir,
            List.of("-Dwarmup.rounds=1", "-Dbaton.jfr=" + file),
            Report.class,
            "start_latency");
    assertEquals(0, report.status(), report.output());
    assertTrue(report.output().contains("RESULT start_latency_p99 "), report.output());
    assertRecordedAfterTheWarmUp(report, file);
  }

  /**
   * The report's recording in {@code file} is written, began after its warm-up had ended (the JVM's
   * start plus the warm-up's printed duration), and holds samples of the engine, none before it.
   */
  private static void assertRecordedAfterTheWarmUp(ReportProcess report, Path file)
      throws Exception {
    assertTrue(report.output().contains("# flight recording of the measured runs: " + file));
    Matcher warmUp = WARM_UP_LINE.matcher(report.output());
    assertTrue(warmUp.find(), report.output());
    // the rounds took this long, printed to 0.1 s; they began after the JVM started
    Duration rounds =
        Duration.ofMillis(
            Long.parseLong(warmUp.group(1)) * 1000 + Long.parseLong(warmUp.group(2)) * 100 - 50);

    assertTrue(Files.size(file) > 0, "written: " + file);
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Instant jvmStart = only(events, "jdk.JVMInformation").getInstant("jvmStartTime");
    Instant recordingStart =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("jdk.ActiveRecording"))
            .filter(e -> e.getString("name").equals("baton-" + file.getFileName()))
            .map(e -> e.getInstant("recordingStart"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no jdk.ActiveRecording for the report's"));
    assertFalse(
        recordingStart.isBefore(jvmStart.plus(rounds)),
        "the recording starts at "
            + recordingStart
            + ", after the JVM's start ("
            + jvmStart
            + ") and the warm-up's "
            + rounds);

    List<RecordedEvent> samples =
        events.stream()
            .filter(
                e ->
                    e.getEventType().getName().equals("jdk.ExecutionSample")
                        || e.getEventType().getName().equals("jdk.CPUTimeSample"))
            .toList();
    assertTrue(
        samples.stream().anyMatch(FlightRecordingTest::inTheEngine),
        "samples of the engine at work: " + samples.size() + " samples");
    for (RecordedEvent sample : samples) {
      assertFalse(sample.getStartTime().isBefore(recordingStart), sample.toString());
    }
    assertTrue(
        events.stream().noneMatch(e -> e.getEventType().getName().equals(WARM_UP_EVENT)),
        "the warm-up ended before the recording began");
  }

  @Test
  void aRecordingThatCoversTheWarmUpShowsItsSpan(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("warm-up.jfr");
    Instant before;
    Instant after;
    try (var recording = new Recording()) {
      recording.enable(WARM_UP_EVENT);
      recording.setDestination(file);
      recording.start();
      before = Instant.now();
      WarmUp.run(1);
      after = Instant.now();
      recording.stop();
    }
    RecordedEvent warmUp = only(RecordingFile.readAllEvents(file), WARM_UP_EVENT);
    assertEquals(1, warmUp.getInt("rounds"));
    assertFalse(warmUp.getStartTime().isBefore(before.minusMillis(1)), warmUp.toString());
    assertFalse(warmUp.getEndTime().isAfter(after.plusMillis(1)), warmUp.toString());
    assertTrue(warmUp.getDuration().toMillis() > 0, warmUp.toString());
  }

  @Test
  void aDestinationThatCannotBeWrittenIsRefusedBeforeAnythingRuns(@TempDir Path dir)
      throws Exception {
    for (Path bad : List.of(dir.resolve("missing").resolve("x.jfr"), dir)) {
      var e = assertThrows(IllegalArgumentException.class, () -> FlightRecording.to(bad));
      assertTrue(e.getMessage().contains("cannot write a flight recording to " + bad), bad + "");
      assertTrue(e.getMessage().contains("-Dbaton.jfr=<file>"), e.getMessage());
    }
    Path missing = dir.resolve("missing").resolve("cpu.jfr");
    var report =
        ReportProcess.run(
            dir, List.of("-Dbaton.jfr=" + missing), CpuReport.class, "entity_signals_1");
    assertEquals(1, report.status(), report.output());
    assertTrue(report.output().contains("# the CPU report failed"), report.output());
    assertTrue(report.output().contains("cannot write a flight recording to " + missing));
    assertFalse(report.output().contains("# warm-up"), report.output());
    assertFalse(Files.exists(missing));
  }

  @Test
  void withoutThePropertyNothingIsRecorded() {
    assertEquals(null, System.getProperty(FlightRecording.PROPERTY));
    try (var recording = FlightRecording.fromProperty()) {
      recording.start();
      assertTrue(
          jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
              .noneMatch(r -> r.getName().startsWith("baton-")),
          "no recording of the report's");
    }
  }

  private static boolean inTheEngine(RecordedEvent sample) {
    return sample.getStackTrace() != null
        && sample.getStackTrace().getFrames().stream()
            .anyMatch(f -> f.getMethod().getType().getName().startsWith("dev.baton.core."));
  }

  private static RecordedEvent only(List<RecordedEvent> events, String name) {
    List<RecordedEvent> found =
        events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    assertFalse(found.isEmpty(), "no " + name + " event");
    return found.get(0);
  }
}
