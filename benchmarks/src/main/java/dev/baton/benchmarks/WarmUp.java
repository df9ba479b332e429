package dev.baton.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The warm-up every memory-backend figure of the reports shares: rounds of the workloads on the
 * engine's own path and on the client path alike, until the JIT compiler has gone quiet, so that
 * the first figure a report prints is measured in the same warmed process as the last one, as in a
 * long-running application. Without it the first figures ({@code hello_sequence5}, {@code
 * chain_1000}) ran in a cold process, beside the compiler threads, and the client figures, run
 * last, reached the same code compiled.
 *
 * <p>A round is 1,000 HelloSequence5 orchestrations started in one burst and awaited, the same
 * through {@value ClientWorkloads#CALLERS} blocking callers, a chain of 1,000 activities and 10,000
 * signals to one counter. The warm-up ends after two rounds in a row that each spent less than
 * {@value #QUIET_PERCENT}% of their time compiling (the JVM's total compilation time), after
 * {@value #MIN_ROUNDS} rounds at least and {@value #MAX_SECONDS} s at most.
 */
final class WarmUp {

  static final int MIN_ROUNDS = 8;
  static final int QUIET_ROUNDS = 3;
  static final int MAX_SECONDS = 60;
  static final int QUIET_PERCENT = 5;

  /** The report's figures measured on the warmed engine (its memory-backend workloads). */
  private static final List<String> WARMED =
      List.of(
          "hello_sequence5",
          "chain_1000",
          "chain_10000",
          "fanout_1000",
          "entity_signals_1",
          "entity_signals_1000",
          "start_latency",
          "client");

  private WarmUp() {}

  /** The JVM's total JIT compilation time so far in ms, or -1 where it cannot be read. */
  static long compiledMs() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /** Whether the report run with {@code only} prints a figure of the warmed engine. */
  static boolean wanted(List<String> only) {
    return only.isEmpty() || WARMED.stream().anyMatch(f -> Report.wantedAny(only, f));
  }

  /** Warms {@code w} as the class comment says; prints one comment line with what it took. */
  static void run(Workloads w) {
    boolean timed = compiledMs() >= 0;
    var client = new ClientWorkloads(w.client());
    long start = System.nanoTime();
    long deadline = start + MAX_SECONDS * 1_000_000_000L;
    int rounds = 0;
    int quiet = 0;
    while (rounds < MIN_ROUNDS || (timed && quiet < QUIET_ROUNDS && System.nanoTime() < deadline)) {
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
        !timed
            ? "compilation time not measurable here"
            : quiet >= QUIET_ROUNDS
                ? "until the JIT compiler went quiet"
                : "stopped at the time bound");
  }
}
