package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A report run as {@code ./baton.sh} runs it, in a JVM of its own on the test's class path (it ends
 * with {@code System.exit}): its exit status and its standard output and error together.
 */
record ReportProcess(int status, String output) {

  /** How long a report the tests run may take: a bounded warm-up and a few runs of one figure. */
  private static final long LIMIT_SECONDS = 240;

  /**
   * Runs {@code report}'s main with {@code jvmOptions} (system properties) and {@code args}, output
   * to a file in {@code dir}; fails the test if it does not exit within {@value #LIMIT_SECONDS} s.
   */
  static ReportProcess run(Path dir, List<String> jvmOptions, Class<?> report, String... args)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), report.getName()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, report.getSimpleName(), ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(exited, report.getSimpleName() + " exits: " + out);
    return new ReportProcess(process.exitValue(), out);
  }
}
