package dev.baton.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * The warm-up every memory-backend figure of the reports shares: rounds of the workloads on the
 * engine's own path and on the client path alike, until the JIT compiler has gone quiet, so that
 * the first figure a report prints is measured in the same warmed process as the last one, as in a
 * long-running application. Without it the first figures ({@code hello_sequence5}, {@code
 * chain_1000}) ran in a cold process, beside the compiler threads, and the client figures, run
 * last, reached the same code compiled.
 *
 * <p>It runs on an engine of its own, closed afterwards: the measured engine's store then holds no
 * warm-up instances (tens of thousands of them made the garbage collector's pauses several times
 * longer). A round is 1,000 HelloSequence5 orchestrations started in one burst and awaited, the
 * same through {@value ClientWorkloads#CALLERS} blocking callers, a chain of 1,000 activities and
 * 10,000 signals to one counter. The warm-up ends after {@value #QUIET_ROUNDS} rounds in a row that
 * each spent less than {@value #QUIET_PERCENT}% of their time compiling (the JVM's total
 * compilation time), after {@value #MIN_ROUNDS} rounds at least and {@value #MAX_SECONDS} s at
 * most; the system property {@value #ROUNDS_PROPERTY} (e.g. {@code -Dwarmup.rounds=2}, for a quick
 * look) runs that many rounds instead. It is a flight recorder event ({@link Event}) from its start
 * to its end, so a recording that covers it shows where it ends; the reports' own recordings
 * ({@link FlightRecording}) start after it.
 */
final class WarmUp {

  static final int MIN_ROUNDS = 8;
  static final int QUIET_ROUNDS = 3;
  static final int MAX_SECONDS = 60;
  static final int QUIET_PERCENT = 5;
  static final String ROUNDS_PROPERTY = "warmup.rounds";

  /** The report's sections measured after the warm-up: those of its memory-backend workloads. */
  private static final Section[] WARMED = {
    Section.HELLO_SEQUENCE5,
    Section.CHAIN_1000,
    Section.CHAIN_10000,
    Section.FANOUT_1000,
    Section.ENTITY_SIGNALS_1,
    Section.ENTITY_SIGNALS_1000,
    Section.START_LATENCY,
    Section.CLIENT_HELLO_SEQUENCE5,
    Section.CLIENT_CHAIN_1000,
    Section.CLIENT_START_LATENCY,
    Section.CLIENT_ENTITY_SIGNALS_1
  };

  private WarmUp() {}

  /** The JVM's total JIT compilation time so far in ms, or -1 where it cannot be read. */
  static long compiledMs() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /** Whether the report run with {@code only} prints a figure measured after the warm-up. */
  static boolean wanted(List<String> only) {
    return Report.wanted(only, WARMED);
  }

  /**
   * Warms the JVM as the class comment says, on an engine and memory store of its own that it
   * closes, then collects the heap, so the figures after it start from the store and heap they
   * started from without it; prints one comment line with what it took.
   */
  static void run() {
    run(fixedRounds(System.getProperty(ROUNDS_PROPERTY)));
  }

  /** {@link #run()} with {@code fixed} rounds, or until the compiler goes quiet when it is 0. */
  static void run(int fixed) {
    var event = new Event();
    event.begin();
    event.rounds = warm(fixed);
    collect(); // from here, where no frame of the warm-up's still holds its engine
    event.commit();
  }

  /**
   * The rounds {@value #ROUNDS_PROPERTY} asks for ({@code value}), or 0 (until the JIT compiler
   * goes quiet) without it.
   */
  static int fixedRounds(String value) {
    if (value == null) {
      return 0;
    }
    try {
      int rounds = Integer.parseInt(value.trim());
      if (rounds >= 1) {
        return rounds;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(
        "-D"
            + ROUNDS_PROPERTY
            + " must be a whole number of rounds, 1 or more (without it the warm-up runs until the"
            + " JIT compiler goes quiet); it is '"
            + value
            + "'");
  }

  private static int warm(int fixed) {
    try (var w = new Workloads()) {
      return rounds(w, fixed);
    }
  }

  /**
   * Full collections until one frees little, at most three, so that no figure pays for collecting
   * the warm-up's engine: the closed engine's threads may still be ending at the first.
   */
  private static void collect() {
    Runtime rt = Runtime.getRuntime();
    long before = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      long used = rt.totalMemory() - rt.freeMemory();
      if (used > before / 10 * 9) {
        return;
      }
      before = used;
    }
  }

  private static int rounds(Workloads w, int fixed) {
    boolean timed = compiledMs() >= 0;
    var client = new ClientWorkloads(w.client());
    long start = System.nanoTime();
    long deadline = start + MAX_SECONDS * 1_000_000_000L;
    int rounds = 0;
    int quiet = 0;
    while (fixed > 0
        ? rounds < fixed
        : rounds < MIN_ROUNDS || (timed && quiet < QUIET_ROUNDS && System.nanoTime() < deadline)) {
      long compiled0 = compiledMs();
      long t0 = System.nanoTime();
      w.runAll("hello_sequence5", null, 1000);
      client.helloSequence5(1000);
      w.runOne("chain", 1000);
      w.signalCounters(1, 10_000);
      long wallMs = (System.nanoTime() - t0) / 1_000_000;
      long compiledMs = compiledMs() - compiled0;
      quiet = compiledMs * 100 < wallMs * QUIET_PERCENT ? quiet + 1 : 0;
      rounds++;
    }
    System.out.printf(
        "# warm-up: %d rounds in %.1f s, %s%n",
        rounds,
        (System.nanoTime() - start) / 1e9,
        fixed > 0
            ? "as -D" + ROUNDS_PROPERTY + " asks"
            : !timed
                ? "compilation time not measurable here"
                : quiet >= QUIET_ROUNDS
                    ? "until the JIT compiler went quiet"
                    : "stopped at the time bound");
    return rounds;
  }

  /** The warm-up in a flight recording: its span and how many rounds it ran. */
  @Name("dev.baton.benchmarks.WarmUp")
  @Label("Benchmark warm-up")
  @Description("The benchmarks' shared JVM warm-up, before the measured runs")
  static final class Event extends jdk.jfr.Event {
    @Label("Rounds")
    int rounds;
  }
}
