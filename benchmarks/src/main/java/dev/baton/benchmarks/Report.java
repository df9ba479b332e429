package dev.baton.benchmarks;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The benchmark report: runs each workload of DESIGN.md section 5 on the memory backend, then the
 * Azure Storage figures on a local Azurite ({@link AzureReport}), and prints one line per figure,
 * {@code RESULT <name> <value> <unit>}, each the median of several runs after a warm-up.
 *
 * <p>Run it with {@code ./baton.sh bench}; pass workload names to run only those.
 */
public final class Report {

  private static final int RUNS = 5;

  private Report() {}

  /** The longest the report waits for one store or engine call before it gives up with an error. */
  static final Duration WAIT = Duration.ofSeconds(60);

  /** Runs the report on the figures its arguments name ({@link #FIGURES}) and exits. */
  public static void main(String[] args) {
    exitAfter("the report", () -> run(Arrays.asList(args)));
  }

  /**
   * Runs {@code report} (named {@code what} in its error) and exits: 0 when every wanted figure was
   * printed; 1 with the error printed when an argument names no figure or a workload failed (the
   * engines and event loops it opened are closed first, and the exit ends whatever a broken engine
   * left running).
   */
  static void exitAfter(String what, Runnable report) {
    int status = 0;
    try {
      report.run();
    } catch (Throwable t) {
      System.out.flush();
      System.err.println("# " + what + " failed: " + t);
      t.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /**
   * Every figure the report prints, section by section ({@link Section}). An argument must begin
   * one of these names: a whole name selects that figure alone, a shorter beginning (a group such
   * as {@code client} or {@code chaos}) every figure it begins.
   */
  static final Figures FIGURES =
      new Figures(Arrays.stream(Section.values()).flatMap(s -> s.figures().stream()).toList());

  private static void run(List<String> only) {
    FIGURES.check(only);
    System.out.printf(
        "# Baton benchmark report: %d cores, JDK %s, %d runs per figure (median)%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), RUNS);
    try (FlightRecording recording = FlightRecording.fromProperty()) {
      if (WarmUp.wanted(only)) {
        WarmUp.run();
      }
      recording.start();
      measure(only);
    }
  }

  /** The figures {@code only} selects, after the warm-up, each printed as it is measured. */
  private static void measure(List<String> only) {
    try (var w = new Workloads(new BatonOptions().setTaskHub("bench"))) {
      if (wanted(only, Section.HELLO_SEQUENCE5)) {
        result(
            "hello_sequence5",
            median(() -> perSecond(1000, () -> w.runAll("hello_sequence5", null, 1000))),
            "orchestrations/s");
      }
      if (wanted(only, Section.CHAIN_1000)) {
        result(
            "chain_1000",
            median(() -> perSecond(1000, () -> w.runOne("chain", 1000))),
            "activities/s");
      }
      if (wanted(only, Section.CHAIN_10000)) {
        result(
            "chain_10000",
            median(() -> perSecond(10_000, () -> w.runOne("chain", 10_000))),
            "activities/s");
      }
      if (wanted(only, Section.FANOUT_1000)) {
        result(
            "fanout_1000",
            median(() -> perSecond(1000, () -> w.runOne("fanout", 1000))),
            "activities/s");
      }
      if (wanted(only, Section.ENTITY_SIGNALS_1)) {
        result(
            "entity_signals_1",
            median(() -> perSecond(200_000, () -> w.signalCounters(1, 200_000))),
            "signals/s");
      }
      if (wanted(only, Section.ENTITY_SIGNALS_1000)) {
        result(
            "entity_signals_1000",
            median(() -> perSecond(200_000, () -> w.signalCounters(1000, 200))),
            "signals/s");
      }
      if (wanted(only, Section.START_LATENCY)) {
        double[] latencies = latencies(w, 500, 5000);
        result("start_latency_p50", percentile(latencies, 50), "ms");
        result("start_latency_p99", percentile(latencies, 99), "ms");
      }
      if (wanted(only, Section.LOOP_HELLO_SEQUENCE5)) {
        result(
            "loop_hello_sequence5",
            median(() -> perSecond(1000, () -> w.runAll("loop_hello_sequence5", null, 1000))),
            "orchestrations/s");
      }
      if (wanted(only, Section.LOOP_CHAIN_1000)) {
        result(
            "loop_chain_1000",
            median(() -> perSecond(1000, () -> w.runOne("loop_chain", 1000))),
            "activities/s");
      }
      if (wanted(only, Section.startingWith("client_"))) {
        client(new ClientWorkloads(w.client()), only);
      }
    }
    if (MemoryReport.wanted(only)) {
      MemoryReport.run(only);
    }
    if (ChaosReport.wanted(only)) {
      ChaosReport.run(only);
    }
    if (AzureReport.wanted(only)) {
      AzureReport.run(only);
    }
  }

  /**
   * Waits for {@code future} (one store or engine call) from the report's thread, {@link #WAIT} at
   * most.
   */
  static <T> T await(Future<T> future) {
    return await(future, WAIT);
  }

  /**
   * Waits for {@code future} from the report's thread, {@code limit} at most (for a batch of
   * instances, the time each instance is given), so that a stall ends the report with an error.
   */
  static <T> T await(Future<T> future, Duration limit) {
    try {
      return future.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + limit, e);
    }
  }

  /**
   * Closes {@code engines}, then {@code vertx}, each within {@link #WAIT}; a close that fails is
   * reported on stderr and does not hide the error that brought the report here.
   */
  static void closeAll(Vertx vertx, Baton... engines) {
    for (Baton engine : engines) {
      if (engine != null) {
        closing("an engine", engine::close);
      }
    }
    closing("Vert.x", vertx::close);
  }

  /**
   * Waits {@code d} on the report's own thread (never an event loop), between the polls of a figure
   * that watches the store; an interrupt ends the report.
   */
  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code close} and waits for it within {@link #WAIT}; a failure is reported on stderr. */
  static void closing(String what, Supplier<Future<Void>> close) {
    try {
      await(close.get());
    } catch (RuntimeException e) {
      System.err.println("# could not close " + what + ": " + e);
    }
  }

  /**
   * The figures of the client path ({@link ClientWorkloads}): the same engine driven by blocking
   * callers on virtual threads through the public client, after {@value ClientWorkloads#WARM_UP}
   * warm-up orchestrations.
   */
  private static void client(ClientWorkloads c, List<String> only) {
    c.warmUp();
    if (wanted(only, Section.CLIENT_HELLO_SEQUENCE5)) {
      result(
          "client_hello_sequence5",
          median(() -> perSecond(2000, () -> c.helloSequence5(2000))),
          "orchestrations/s");
    }
    if (wanted(only, Section.CLIENT_CHAIN_1000)) {
      result(
          "client_chain_1000", median(() -> perSecond(1000, () -> c.chain(1000))), "activities/s");
    }
    if (wanted(only, Section.CLIENT_START_LATENCY)) {
      c.latencies(500);
      double[] latencies = c.latencies(5000);
      result("client_start_latency_p50", percentile(latencies, 50), "ms");
      result("client_start_latency_p99", percentile(latencies, 99), "ms");
    }
    if (wanted(only, Section.CLIENT_ENTITY_SIGNALS_1)) {
      result(
          "client_entity_signals_1",
          median(() -> perSecond(10_000, () -> c.signals(10_000))),
          "signals/s");
    }
  }

  /** Whether the arguments select a figure of any of {@code sections}: then they are run. */
  static boolean wanted(List<String> only, Section... sections) {
    return Arrays.stream(sections)
        .anyMatch(s -> s.figures().stream().anyMatch(f -> FIGURES.selects(only, f)));
  }

  static void result(String name, double value, String unit) {
    System.out.printf("RESULT %s %s %s%n", FIGURES.known(name), format(value), unit);
  }

  /** A figure that counts things: printed as a whole number. */
  static void count(String name, long value, String unit) {
    System.out.printf("RESULT %s %d %s%n", FIGURES.known(name), value, unit);
  }

  private static String format(double v) {
    return v >= 100 ? String.format("%.0f", v) : String.format("%.3f", v);
  }

  private static double median(DoubleSupplier run) {
    return median(RUNS, run);
  }

  /** Runs {@code run} once to warm up, then {@code runs} times; returns the median. */
  static double median(int runs, DoubleSupplier run) {
    run.getAsDouble();
    double[] values = new double[runs];
    for (int i = 0; i < runs; i++) {
      values[i] = run.getAsDouble();
    }
    Arrays.sort(values);
    return values[runs / 2];
  }

  static double perSecond(int units, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return units / ((System.nanoTime() - start) / 1e9);
  }

  /** Start-to-result times of one-activity orchestrations, one at a time, in ms. */
  static double[] latencies(Workloads w, int warmUp, int count) {
    for (int i = 0; i < warmUp; i++) {
      w.runOne("one", null);
    }
    List<Double> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      w.runOne("one", null);
      out.add((System.nanoTime() - start) / 1e6);
    }
    return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
