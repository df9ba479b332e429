package dev.baton.benchmarks;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.entity.EntityId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads as an application drives them: plain callers on virtual threads that each block on
 * the public {@link DurableClient} ({@code scheduleNewOrchestration}, then {@code
 * waitForInstanceCompletion}; or {@code signalEntity}, then {@code getEntity}), never the engine's
 * own futures chained in bulk as {@link Workloads} does.
 */
final class ClientWorkloads {

  /** Concurrent callers of the throughput workloads. */
  static final int CALLERS = 100;

  /** Orchestrations run before the first timed one. */
  static final int WARM_UP = 250;

  private final DurableClient client;
  private int entityRuns;

  ClientWorkloads(DurableClient client) {
    this.client = client;
  }

  /** Runs the {@value #WARM_UP} warm-up orchestrations of HelloSequence5 through the callers. */
  void warmUp() {
    helloSequence5(WARM_UP);
  }

  /** {@code count} HelloSequence5 orchestrations, shared by {@value #CALLERS} callers. */
  void helloSequence5(int count) {
    AtomicInteger left = new AtomicInteger(count);
    callers(
        CALLERS,
        () -> {
          while (left.getAndDecrement() > 0) {
            startAndWait("hello_sequence5", null);
          }
        });
  }

  /** One caller starts a chain of {@code steps} activities and waits for its result. */
  void chain(int steps) {
    callers(
        1,
        () -> {
          int result = startAndWait("chain", steps).readOutput(Integer.class);
          if (result != steps) {
            throw new IllegalStateException("chain of " + steps + " returned " + result);
          }
        });
  }

  /**
   * One caller runs {@code count} one-activity orchestrations in turn; returns each one's time from
   * the start call to the result in its hand, in ms, sorted.
   */
  double[] latencies(int count) {
    double[] out = new double[count];
    callers(
        1,
        () -> {
          for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            startAndWait("one", null);
            out[i] = (System.nanoTime() - start) / 1e6;
          }
        });
    java.util.Arrays.sort(out);
    return out;
  }

  /**
   * {@code count} signals {@code add 1} to one new counter from {@value #CALLERS} senders, each
   * waiting for its signal's send; then reads the entity until it holds {@code count}.
   */
  void signals(int count) {
    EntityId id = EntityId.of("counter", "client-run" + (++entityRuns));
    AtomicInteger left = new AtomicInteger(count);
    callers(
        CALLERS,
        () -> {
          while (left.getAndDecrement() > 0) {
            Report.await(client.signalEntity(id, "add", 1L));
          }
        });
    long deadline = System.nanoTime() + Workloads.WAIT.toNanos();
    while (true) {
      var m = Report.await(client.getEntity(id));
      if (m != null && m.readState(Long.class) == count) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " did not reach " + count + ": " + m);
      }
      LockSupport.parkNanos(200_000);
    }
  }

  private InstanceMetadata startAndWait(String name, Object input) {
    String id = Report.await(client.scheduleNewOrchestration(name, input));
    InstanceMetadata m = Report.await(client.waitForInstanceCompletion(id, Report.WAIT));
    if (m.status() != RuntimeStatus.COMPLETED) {
      throw new IllegalStateException(id + " " + m.status() + " " + m.failure());
    }
    return m;
  }

  /** Runs {@code body} on {@code n} virtual threads and returns when all have ended. */
  private static void callers(int n, Runnable body) {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(threads.submit(body));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a caller failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
