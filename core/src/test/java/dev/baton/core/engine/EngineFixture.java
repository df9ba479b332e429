package dev.baton.core.engine;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Starts engines on a backend for tests and closes them afterwards. Each fixture uses its own task
 * hub name, so backends that share state across tests (Azurite) stay isolated.
 */
public final class EngineFixture implements AutoCloseable {

  private static final AtomicInteger HUBS = new AtomicInteger();

  private final Vertx vertx;
  private final Backend backend;
  private final String hub;
  private final List<Baton> engines = new ArrayList<>();
  private TaskHubStore store;
  private boolean orchestrationsOnEventLoop = true;

  public EngineFixture(Vertx vertx, Backend backend) {
    this.vertx = vertx;
    this.backend = backend;
    this.hub =
        "hub" + HUBS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  public Vertx vertx() {
    return vertx;
  }

  public Backend backend() {
    return backend;
  }

  /** Runs orchestrator code on the default virtual-thread scheduler instead of event loops. */
  public EngineFixture onDefaultScheduler() {
    orchestrationsOnEventLoop = false;
    return this;
  }

  /** Options with this fixture's hub, short polls and a short visibility timeout for tests. */
  public BatonOptions options() {
    return new BatonOptions()
        .setTaskHub(hub)
        .setVisibilityTimeout(Duration.ofSeconds(2))
        .setMaxPollInterval(Duration.ofMillis(100))
        .setLeaseDuration(Duration.ofSeconds(3))
        .setLeaseRenewInterval(Duration.ofMillis(500))
        .setOrchestrationsOnEventLoop(orchestrationsOnEventLoop);
  }

  /**
   * This fixture's task hub opened on {@link #backend()} itself, not through the wrappers a test
   * gives its engines (faults, a frozen process), with {@link #options()}' partition count: what
   * the engines stored, read as it is. Opened on first use, closed with the fixture.
   */
  public synchronized TaskHubStore hub() {
    if (store == null) {
      store = await(backend.open(vertx, hub, options().getPartitionCount()));
    }
    return store;
  }

  /** The messages in this hub's control queues, visible or not (see {@link #hub()}). */
  public long controlMessages() {
    long n = 0;
    for (int p = 0; p < options().getPartitionCount(); p++) {
      n += await(hub().controlQueue(p).approximateCount());
    }
    return n;
  }

  /** Builds and starts an engine with {@link #options()}, configured by {@code setup}. */
  public Baton start(Consumer<Baton.Builder> setup) {
    return start(options(), setup);
  }

  public Baton start(BatonOptions options, Consumer<Baton.Builder> setup) {
    Baton.Builder builder = Baton.builder(vertx).backend(backend).options(options);
    setup.accept(builder);
    Baton baton = builder.build();
    await(baton.start());
    engines.add(baton);
    return baton;
  }

  /** The engine started last. */
  public Baton lastEngine() {
    return engines.getLast();
  }

  /** Waits for a future from the test thread (never an event loop), 60 s at most. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("future did not complete: " + e, e);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException("future did not complete: " + e, e);
    }
    throw new AssertionError("expected the future to fail, it succeeded");
  }

  /**
   * Waits up to 60 s for an instance to finish; when it does not, fails with what the instance is
   * doing (its status and last history events), so a stall can be told from a slow machine.
   */
  public static InstanceMetadata complete(DurableClient client, String instanceId) {
    try {
      return await(client.waitForInstanceCompletion(instanceId, Duration.ofSeconds(60)));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "'" + instanceId + "' did not finish: " + describe(client, instanceId), e);
    }
  }

  /** An instance's status and its last history events, for failure messages. */
  public static String describe(DurableClient client, String instanceId) {
    StringBuilder out = new StringBuilder();
    try {
      InstanceMetadata m =
          client
              .getInstance(instanceId)
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      out.append(m == null ? "unknown" : m.status() + ", custom status " + m.customStatus());
      List<HistoryEvent> history =
          client
              .getInstanceHistory(instanceId)
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      List<HistoryEvent> last = history.subList(Math.max(0, history.size() - 12), history.size());
      out.append("; ").append(history.size()).append(" history events, the last ");
      out.append(last.stream().map(e -> e.getClass().getSimpleName()).toList());
      for (HistoryEvent e : last) {
        out.append("\n  ").append(e); // the details below the one-line summary
      }
    } catch (Exception e) {
      out.append(" (could not read it: ").append(e).append(')');
    }
    return out.toString();
  }

  /** Closes the engines, then the backend (engines never close the backend they were given). */
  @Override
  public void close() {
    for (Baton b : engines) {
      try {
        await(b.close());
      } catch (RuntimeException ignored) {
        // closing what a test already closed
      }
    }
    if (store != null) {
      await(store.close());
    }
    await(backend.close());
  }
}
