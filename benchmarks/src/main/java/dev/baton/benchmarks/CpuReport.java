package dev.baton.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The process CPU time each workload costs per unit (an activity step, an orchestration, a signal),
 * which a machine shared with other work measures more steadily than the wall clock. Prints {@code
 * CPU <name> <µs> µs/<unit> (... wall <units/s>; JIT <ms>)} per figure, the median of several runs
 * after the shared {@link WarmUp} and the figure's own warm-ups (JIT: the JVM's compilation time
 * during the measured runs, 0 where it cannot be read), and the load average at the start.
 *
 * <p>Run it with {@code ./baton.sh cpu [names]}: an argument must begin one of its figures' names
 * ({@link #FIGURES}), or the report exits with status 1 naming them. The system property {@code
 * cpu.runs} (e.g. {@code JAVA_TOOL_OPTIONS=-Dcpu.runs=3}) changes the run count; {@code ./baton.sh
 * cpu --jfr} records the measured runs ({@link FlightRecording}).
 */
public final class CpuReport {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The figures this report prints; an argument must begin one of them ({@link Figures}). */
  static final Figures FIGURES =
      new Figures(
          List.of(
              "hello_sequence5",
              "chain_2000",
              "one_sequential",
              "entity_signals_1",
              "client_hello_sequence5",
              "client_chain_2000",
              "client_one_sequential",
              "client_entity_signals_1"));

  private CpuReport() {}

  /**
   * Runs the report on the figures its arguments name and exits, as {@link Report#exitAfter} does:
   * 1 with the error printed when an argument begins no figure's name or a workload fails.
   */
  public static void main(String[] args) {
    Report.exitAfter("the CPU report", () -> run(Arrays.asList(args)));
  }

  private static void run(List<String> only) {
    FIGURES.check(only);
    int runs = Integer.getInteger("cpu.runs", 7);
    System.out.printf(
        "# CPU per unit: %d cores, load %.2f, %d runs (median)%n",
        Runtime.getRuntime().availableProcessors(), OS.getSystemLoadAverage(), runs);
    try (FlightRecording recording = FlightRecording.fromProperty()) {
      WarmUp.run();
      recording.start();
      measure(only, runs);
    }
  }

  /** The figures {@code only} selects, after the warm-up. */
  private static void measure(List<String> only, int runs) {
    try (var w = new Workloads()) {
      if (FIGURES.selects(only, "hello_sequence5")) {
        measure(
            "hello_sequence5",
            runs,
            2000,
            "orchestration",
            () -> w.runAll("hello_sequence5", null, 2000));
      }
      if (FIGURES.selects(only, "chain_2000")) {
        measure("chain_2000", runs, 2000, "step", () -> w.runOne("chain", 2000));
      }
      if (FIGURES.selects(only, "one_sequential")) {
        measure(
            "one_sequential",
            runs,
            500,
            "orchestration",
            () -> {
              for (int i = 0; i < 500; i++) {
                w.runOne("one", null);
              }
            });
      }
      if (FIGURES.selects(only, "entity_signals_1")) {
        measure("entity_signals_1", runs, 100_000, "signal", () -> w.signalCounters(1, 100_000));
      }
      if (FIGURES.selectsAny(
          only,
          "client_hello_sequence5",
          "client_chain_2000",
          "client_one_sequential",
          "client_entity_signals_1")) {
        client(new ClientWorkloads(w.client()), only, runs);
      }
    }
  }

  /** The same units through the client path of {@link ClientWorkloads}. */
  private static void client(ClientWorkloads c, List<String> only, int runs) {
    c.warmUp();
    if (FIGURES.selects(only, "client_hello_sequence5")) {
      measure("client_hello_sequence5", runs, 2000, "orchestration", () -> c.helloSequence5(2000));
    }
    if (FIGURES.selects(only, "client_chain_2000")) {
      measure("client_chain_2000", runs, 2000, "step", () -> c.chain(2000));
    }
    if (FIGURES.selects(only, "client_one_sequential")) {
      measure("client_one_sequential", runs, 500, "orchestration", () -> c.latencies(500));
    }
    if (FIGURES.selects(only, "client_entity_signals_1")) {
      measure("client_entity_signals_1", runs, 10_000, "signal", () -> c.signals(10_000));
    }
  }

  private static void measure(String name, int runs, int units, String unit, Runnable work) {
    for (int i = 0; i < 3; i++) {
      work.run();
    }
    double[] cpu = new double[runs];
    double[] rate = new double[runs];
    double[] bytes = new double[runs];
    double[] switches = new double[runs];
    long compiled0 = WarmUp.compiledMs();
    for (int i = 0; i < runs; i++) {
      long switches0 = voluntarySwitches();
      long bytes0 = THREADS.getTotalThreadAllocatedBytes();
      long cpu0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      work.run();
      long wall = System.nanoTime() - t0;
      cpu[i] = (OS.getProcessCpuTime() - cpu0) / 1e3 / units;
      bytes[i] = (THREADS.getTotalThreadAllocatedBytes() - bytes0) / (double) units;
      switches[i] = (voluntarySwitches() - switches0) / (double) units;
      rate[i] = units / (wall / 1e9);
    }
    // the process CPU clock ticks every 10 ms: a run's figure is that coarse, their mean is not
    double mean = Arrays.stream(cpu).sum() / runs;
    Arrays.sort(cpu);
    Arrays.sort(rate);
    Arrays.sort(bytes);
    Arrays.sort(switches);
    long compiledMs = WarmUp.compiledMs() - compiled0;
    System.out.printf(
        "CPU %s %.1f µs/%s (mean %.1f, min %.1f, max %.1f; %.0f B, %.2f switches/%s; wall %.0f %s/s;"
            + " JIT %d ms)%n",
        FIGURES.known(name),
        cpu[runs / 2],
        unit,
        mean,
        cpu[0],
        cpu[runs - 1],
        bytes[runs / 2],
        switches[runs / 2],
        unit,
        rate[runs / 2],
        unit,
        compiledMs);
  }

  /** The voluntary context switches of this process's live threads (Linux), else 0. */
  private static long voluntarySwitches() {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.mapToLong(CpuReport::voluntarySwitches).sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long voluntarySwitches(Path task) {
    try {
      for (String line : Files.readAllLines(task.resolve("status"))) {
        if (line.startsWith("voluntary_ctxt_switches:")) {
          return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the thread ended meanwhile
    }
    return 0;
  }
}
