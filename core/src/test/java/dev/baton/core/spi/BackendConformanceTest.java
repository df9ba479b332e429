package dev.baton.core.spi;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite of the storage SPI: one test per numbered MUST rule of {@link Backend},
 * {@link TaskHubStore}, {@link MessageQueue}, {@link HistoryStore}, {@link InstanceStore}, {@link
 * LeaseStore} and {@link PayloadStore}, each named for the rule it proves. Every backend runs it by
 * subclassing it in its own tests:
 *
 * <pre>{@code
 * class MemoryBackendConformanceTest extends BackendConformanceTest {
 *   @Override
 *   protected Backend createBackend(Vertx vertx) {
 *     return MemoryBackend.create();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test opens task hubs with fresh names (lowercase letters, starting with {@code t}, 12
 * characters), so a shared store such as Azurite needs no cleaning between tests; the hubs a test
 * opened are deleted after it. Store calls are made on a Vert.x event loop, and a call that takes
 * long to hand back its future fails the test as blocking. Waits for visibility timeouts, delays
 * and lease expiry poll with a deadline and scale with {@link #shortTime()}.
 */
public abstract class BackendConformanceTest {

  private static Vertx vertx;

  private Backend backend;
  private Context context;
  private final List<TaskHubStore> opened = new ArrayList<>();
  private TaskHubStore defaultHub;

  /** Creates the backend under test; called before each test. */
  protected abstract Backend createBackend(Vertx vertx);

  /** Releases what {@link #createBackend} took, after each test: {@link Backend#close()}. */
  protected void closeBackend(Backend backend) {
    try {
      backend.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("closing the backend failed: " + e, e);
    }
  }

  /**
   * Whether the backend keeps large payloads (a 200 KB history event) in its {@link PayloadStore}
   * rather than inline; by default it does not.
   */
  protected boolean offloadsLargePayloads() {
    return false;
  }

  /**
   * The time unit of visibility timeouts, delays and lease durations in the tests: short for speed,
   * but one the store honours (Azure Storage counts whole seconds, hence the default).
   */
  protected Duration shortTime() {
    return Duration.ofSeconds(1);
  }

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
  }

  @AfterAll
  static void stopVertx() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx = null;
    }
  }

  @BeforeEach
  void openBackend() {
    backend = createBackend(vertx);
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void deleteHubsAndCloseBackend() {
    try {
      for (TaskHubStore hub : opened) {
        try {
          hub.delete().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // best effort: a test may have deleted the hub itself
        }
      }
    } finally {
      opened.clear();
      defaultHub = null;
      closeBackend(backend);
    }
  }

  Vertx vertx() {
    return vertx;
  }

  Backend backend() {
    return backend;
  }

  /** The event-loop context the test makes its store calls on. */
  Context context() {
    return context;
  }

  /** A hub name no earlier test used: lowercase letters only, so digits in messages stand out. */
  static String newHubName() {
    var name = new StringBuilder("t");
    var random = ThreadLocalRandom.current();
    for (int i = 0; i < 11; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    return name.toString();
  }

  /** Remembers a hub a test opened so it is deleted afterwards. */
  void track(TaskHubStore hub) {
    opened.add(hub);
  }

  TaskHubStore defaultHub() {
    return defaultHub;
  }

  void defaultHub(TaskHubStore hub) {
    defaultHub = hub;
  }

  @Nested
  class BackendRules extends BackendAndHubConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }

  @Nested
  class MessageQueueRules extends MessageQueueConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }

  @Nested
  class MessageQueueConcurrency extends QueueConcurrencyConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }

  @Nested
  class HistoryStoreRules extends HistoryStoreConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }

  @Nested
  class InstanceStoreRules extends InstanceStoreConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }

  @Nested
  class LeaseStoreRules extends LeaseStoreConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }

  @Nested
  class PayloadStoreRules extends PayloadStoreConformance {
    @Override
    BackendConformanceTest suite() {
      return BackendConformanceTest.this;
    }
  }
}
