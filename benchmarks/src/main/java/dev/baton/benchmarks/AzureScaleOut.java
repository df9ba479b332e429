package dev.baton.benchmarks;

import dev.baton.core.BatonOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out figures {@code azure_scaleout_N}: HelloSequence5 orchestrations per second with N
 * engine processes (child JVMs on the benchmarks' class path, {@link AzureEngineProcess}) sharing
 * one task hub on the report's Azurite, with the default options. Once the engines have balanced
 * the hub's partitions among them (each holds at least one) and warmed up, each starts an equal
 * share of {@value #ORCHESTRATIONS} orchestrations at once; the figure is their total over the time
 * until the store shows all of them completed (this process queries the status rows every {@link
 * #POLL}, as a monitor would; the engines' clients wait for nothing). Instances are placed on
 * partitions by id, so most of an engine's starts, and the results of the activities another engine
 * ran, travel between processes through the queues: the figure includes that traffic and its
 * polling.
 */
final class AzureScaleOut {

  private static final int ORCHESTRATIONS = 200;
  private static final int WARM_UP = 20;
  private static final Duration BALANCE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration WAIT = Duration.ofMinutes(5);

  private AzureScaleOut() {}

  /** Runs the figure for {@code engines} processes on a new hub; returns orchestrations/s. */
  static double run(Azurite azurite, int engines) {
    String hub = "benchscale" + engines;
    List<Child> children = new ArrayList<>(engines);
    Vertx vertx = Vertx.vertx();
    AzureBackend backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    try {
      for (int i = 0; i < engines; i++) {
        children.add(Child.start(azurite.connectionString(), hub));
      }
      for (Child c : children) {
        c.expect("READY");
      }
      TaskHubStore store =
          Report.await(backend.open(vertx, hub, BatonOptions.DEFAULT_PARTITION_COUNT));
      awaitBalance(children);
      runOnAll(children, store, "w", WARM_UP * engines);
      long start = System.nanoTime();
      runOnAll(children, store, "m", ORCHESTRATIONS);
      return ORCHESTRATIONS / ((System.nanoTime() - start) / 1e9);
    } finally {
      children.forEach(Child::stop);
      Report.closing("the scale-out's Azure backend", backend::close);
      Report.closing("the scale-out's Vert.x", vertx::close);
    }
  }

  /**
   * Has the engines start {@code total} orchestrations with ids {@code prefix..}, split evenly, and
   * waits until the store shows them all completed.
   */
  private static void runOnAll(List<Child> children, TaskHubStore store, String prefix, int total) {
    int share = total / children.size();
    for (int i = 0; i < children.size(); i++) {
      children.get(i).send("start " + share + " " + prefix + i + "-");
    }
    for (Child c : children) {
      c.expect("STARTED");
    }
    var done = new InstanceFilter(Set.of(RuntimeStatus.COMPLETED), null, null, prefix);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (completed(store, done) < share * children.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(prefix + "* did not complete within " + WAIT);
      }
      Report.pause(POLL);
    }
  }

  private static int completed(TaskHubStore store, InstanceFilter filter) {
    int n = 0;
    String continuation = null;
    do {
      Page<InstanceRecord> page = Report.await(store.instances().query(filter, 1000, continuation));
      n += page.items().size();
      continuation = page.continuation();
    } while (continuation != null);
    return n;
  }

  /**
   * Waits until every engine holds at least one partition (fewer engines than partitions) and the
   * engines hold all of them between them.
   */
  private static void awaitBalance(List<Child> children) {
    long deadline = System.nanoTime() + BALANCE_TIMEOUT.toNanos();
    int partitions = BatonOptions.DEFAULT_PARTITION_COUNT;
    while (true) {
      int sum = 0;
      int least = Integer.MAX_VALUE;
      for (Child c : children) {
        c.send("owned");
        int owned = Integer.parseInt(c.expect("OWNED ").substring("OWNED ".length()));
        sum += owned;
        least = Math.min(least, owned);
      }
      if (sum == partitions && (children.size() > partitions || least >= 1)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            children.size() + " engines did not balance the partitions within " + BALANCE_TIMEOUT);
      }
      Report.pause(Duration.ofSeconds(1));
    }
  }

  /** One engine process, its commands in, its answers out; its logs go to the report's stderr. */
  private record Child(Process process, PrintWriter in, BufferedReader out) {

    static Child start(String connectionString, String hub) {
      String java = ProcessHandle.current().info().command().orElse("java");
      var command =
          List.of(
              java,
              "--add-opens=java.base/java.lang=ALL-UNNAMED",
              "-cp",
              System.getProperty("java.class.path"),
              AzureEngineProcess.class.getName(),
              connectionString,
              hub);
      try {
        Process p =
            new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Child(
            p,
            new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8),
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("could not start an engine process: " + e, e);
      }
    }

    void send(String command) {
      in.println(command);
    }

    /**
     * Reads answers until one starts with {@code prefix}; fails on an error, an exit, or no answer
     * within {@link #WAIT} (the process is then killed, which ends the read).
     */
    String expect(String prefix) {
      var answered = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.CompletableFuture.runAsync(
          () -> {
            if (!answered.get()) {
              process.destroyForcibly();
            }
          },
          java.util.concurrent.CompletableFuture.delayedExecutor(
              WAIT.toMillis(), TimeUnit.MILLISECONDS));
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(prefix)) {
            return line;
          }
          if (line.startsWith("ERROR")) {
            throw new IllegalStateException("engine process: " + line);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("engine process output: " + e, e);
      } finally {
        answered.set(true);
      }
      throw new IllegalStateException(
          "engine process exited (or gave no answer within " + WAIT + ") before " + prefix);
    }

    void stop() {
      in.println("exit");
      in.close();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
