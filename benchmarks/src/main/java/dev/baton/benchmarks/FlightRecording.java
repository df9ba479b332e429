package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * A Java Flight Recorder profile of a report's measured runs only: asked for with the system
 * property {@value #PROPERTY} (the file to write; {@code ./baton.sh bench|cpu --jfr} sets it),
 * prepared before the report's {@link WarmUp} so that a destination it cannot write is refused
 * first, started once the warm-up is over, and written when closed. It records with the JDK's
 * {@code profile} settings, execution samples every millisecond and, where the JDK has them (25 on
 * Linux), CPU-time samples every millisecond, which {@link ProfileSummary} reads. Without the
 * property it records nothing.
 *
 * <pre>{@code
 * try (FlightRecording recording = FlightRecording.fromProperty()) {
 *   WarmUp.run();
 *   recording.start();
 *   ... the measured runs ...
 * } // written here
 * }</pre>
 */
final class FlightRecording implements AutoCloseable {

  static final String PROPERTY = "baton.jfr";

  private final Recording recording;
  private final Path file;

  private FlightRecording(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** The recording {@value #PROPERTY} asks for, or one that records nothing. */
  static FlightRecording fromProperty() {
    String file = System.getProperty(PROPERTY);
    return file == null ? new FlightRecording(null, null) : to(Path.of(file));
  }

  /**
   * A recording that {@link #start} begins and {@link #close} writes to {@code file}; refuses a
   * file it could not write (a missing directory, a directory) before anything is recorded.
   */
  static FlightRecording to(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "cannot write a flight recording to "
              + file
              + ": give -D"
              + PROPERTY
              + "=<file> in an existing directory");
    }
    Recording recording = new Recording(settings());
    recording.setName("baton-" + file.getFileName());
    recording.setToDisk(true);
    try {
      recording.setDestination(file);
    } catch (IOException e) {
      recording.close();
      throw new IllegalArgumentException(
          "cannot write a flight recording to " + file + ": " + e, e);
    }
    return new FlightRecording(recording, file);
  }

  private static Map<String, String> settings() {
    Map<String, String> settings;
    try {
      settings = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("the JDK's 'profile' recording settings: " + e, e);
    }
    settings.put("jdk.ExecutionSample#period", "1 ms");
    settings.put("jdk.CPUTimeSample#enabled", "true");
    settings.put("jdk.CPUTimeSample#throttle", "1ms");
    return settings;
  }

  /** Starts recording, if asked for; prints where to. */
  void start() {
    if (recording != null) {
      recording.start();
      System.out.println("# flight recording of the measured runs: " + file);
    }
  }

  /** Stops recording and writes the file (nothing if the recording was never started). */
  @Override
  public void close() {
    if (recording == null) {
      return;
    }
    try {
      if (recording.getState() == RecordingState.RUNNING) {
        recording.stop(); // writes it to its destination
      }
    } finally {
      recording.close();
    }
  }
}
