package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.TestEntities.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.spi.Backend;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine's meters: they move when orchestrations, activities and entities run, they come from
 * the builder's registry or the Vert.x instance's, and without either the engine records nothing.
 */
public abstract class MetricsEngineTest extends EngineTestBase {

  private static final EntityId COUNTER = EntityId.of("counter", "metered");

  /** {@code greet}: two activities and a failing one; {@code locker}: a critical section. */
  static Baton.Builder functions(Baton.Builder b) {
    return TestEntities.register(b)
        .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
        .addActivity(
            "boom",
            ctx -> {
              throw new IllegalStateException("boom");
            })
        .addOrchestrator(
            "greet",
            ctx -> {
              List<String> out = new ArrayList<>();
              out.add(ctx.callActivity("hello", "Tokyo", String.class).await());
              out.add(ctx.callActivity("hello", "London", String.class).await());
              try {
                ctx.callActivity("boom", null, String.class).await();
              } catch (TaskFailedException e) {
                out.add("caught");
              }
              ctx.signalEntity(COUNTER, "add", 2);
              return out;
            })
        .addOrchestrator(
            "locker",
            ctx -> {
              try (EntityLock lock = ctx.lockEntities(COUNTER)) {
                ctx.setCustomStatus("locked");
                ctx.waitForExternalEvent("go", String.class).await();
              }
              return "done";
            });
  }

  @Test
  void metersMoveWhenOrchestrationsActivitiesAndEntitiesRun() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Baton baton = fixture.start(b -> functions(b).meterRegistry(registry));
    DurableClient client = baton.client();
    String hub = baton.effectiveOptions().getTaskHub();
    int partitions = baton.effectiveOptions().getPartitionCount();

    String greet = await(client.scheduleNewOrchestration("greet", null));
    assertEquals(RuntimeStatus.COMPLETED, complete(client, greet).status());
    awaitCounter(client, 2);

    // a signal that arrives while an orchestration holds the entity's lock waits for it
    String locker = await(client.scheduleNewOrchestration("locker", null));
    awaitTrue("the lock is held", () -> "\"locked\"".equals(customStatus(client, locker)));
    await(client.signalEntity(COUNTER, "add", 3));
    awaitTrue(
        "the signal queued behind the lock",
        () -> sum(registry, "baton.entity.lock.waits", "name", "counter") >= 1);
    await(client.raiseEvent(locker, "go", "now"));
    assertEquals(RuntimeStatus.COMPLETED, complete(client, locker).status());
    awaitCounter(client, 5);
    // a status or state is readable before its episode's bookkeeping ends: wait for the meters
    awaitTrue(
        "the last episodes are counted",
        () ->
            sum(registry, "baton.entity.operations", "name", "counter") >= 2
                && timerCount(registry, "baton.episodes", "name", "greet") >= 4
                && timerCount(registry, "baton.episodes", "name", "locker") >= 3
                && timerCount(registry, "baton.episodes", "kind", "entity") >= 2);

    assertTrue(timerCount(registry, "baton.episodes", "name", "greet") >= 4, "greet's episodes");
    assertTrue(timerCount(registry, "baton.episodes", "kind", "entity") >= 2, "entity episodes");
    assertEquals(2, timerCount(registry, "baton.activities", "name", "hello"));
    assertEquals(1, timerCount(registry, "baton.activities", "name", "boom"));
    assertEquals(1, sum(registry, "baton.activities.failed", "name", "boom"));
    assertEquals(0, sum(registry, "baton.activities.failed", "name", "hello"));
    assertEquals(2, sum(registry, "baton.entity.operations", "name", "counter"));
    assertTrue(sum(registry, "baton.cache.hits", "hub", hub) >= 3, "cached episodes");
    assertTrue(timerCount(registry, "baton.commits", "hub", hub) >= 4, "commits");
    assertTrue(
        registry.find("baton.episode.replayed.events").tag("name", "greet").summaries().stream()
                .mapToLong(s -> s.count())
                .sum()
            >= 4,
        "replayed events are recorded per episode");
    for (String kind : List.of("history.append", "instances.update", "control.send")) {
      assertTrue(sum(registry, "baton.storage.requests", "kind", kind) > 0, kind);
    }
    // one engine holds every partition and has free slots: each call ran where it was made
    assertEquals(3, sum(registry, "baton.activities.local", "hub", hub));
    assertEquals(0, sum(registry, "baton.storage.requests", "kind", "workitems.send"));
    assertTrue(sum(registry, "baton.messages.sent", "queue", "control") > 0);
    assertTrue(sum(registry, "baton.messages.received", "queue", "control") > 0);
    assertEquals(partitions, gauge(registry, "baton.partitions.owned", "hub", hub));
    assertEquals(
        partitions, registry.find("baton.partition.backlog").tag("hub", hub).gauges().size());
    assertEquals(0, sum(registry, "baton.messages.set.aside", "hub", hub));
    System.gc(); // a gauge must hold what it reads: a weakly held supplier would read NaN now
    for (var backlog : registry.find("baton.partition.backlog").tag("hub", hub).gauges()) {
      assertTrue(backlog.value() >= 0, "a backlog is a count: " + backlog.value());
    }

    await(baton.close());
    assertTrue(
        registry.find("baton.partitions.owned").gauges().isEmpty(), "a closed engine's gauges go");
    assertTrue(registry.find("baton.partition.backlog").gauges().isEmpty());
    assertEquals(2, timerCount(registry, "baton.activities", "name", "hello"), "counters stay");
  }

  @Test
  void theVertxInstancesMicrometerRegistryIsUsedWhenNoneIsGiven() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Vertx metered =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    Backend backend = newBackend(metered); // closed here, while its Vert.x runs
    try {
      Baton baton =
          functions(Baton.builder(metered).backend(backend).options(fixture.options())).build();
      try {
        await(baton.start());
        String id = await(baton.client().scheduleNewOrchestration("greet", null));
        assertEquals(RuntimeStatus.COMPLETED, complete(baton.client(), id).status());
        assertEquals(2, timerCount(registry, "baton.activities", "name", "hello"));
        assertTrue(sum(registry, "baton.storage.requests", "kind", "history.append") > 0);
      } finally {
        await(baton.close());
        await(backend.close());
      }
    } finally {
      await(metered.close());
    }
  }

  @Test
  void withoutARegistryTheEngineRunsAndRecordsNothing() {
    Baton baton = fixture.start(MetricsEngineTest::functions);
    String id = await(baton.client().scheduleNewOrchestration("greet", null));
    InstanceMetadata done = complete(baton.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals("[\"Hello Tokyo!\",\"Hello London!\",\"caught\"]", done.output());
    awaitCounter(baton.client(), 2);
    assertTrue(Metrics.globalRegistry.find("baton.episodes").meters().isEmpty());
  }

  @Test
  void aNullRegistryIsRefusedWithAClearError() {
    Baton.Builder builder = Baton.builder(fixture.vertx());
    BatonException e = assertThrows(BatonException.class, () -> builder.meterRegistry(null));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("meter registry is null"), e.getMessage());
  }

  @Test
  void namesNotRegisteredShareOneSeries() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Consumer<Baton.Builder> setup =
        b ->
            functions(b)
                .meterRegistry(registry)
                .addOrchestrator(
                    "calls_missing",
                    ctx -> {
                      try {
                        return ctx.callActivity("no_such_activity", null, String.class).await();
                      } catch (TaskFailedException e) {
                        return "refused";
                      }
                    });
    Baton baton = fixture.start(setup);
    String id = await(baton.client().scheduleNewOrchestration("calls_missing", null));
    assertEquals("\"refused\"", complete(baton.client(), id).output());
    assertEquals(1, sum(registry, "baton.activities.failed", "name", "unregistered"));
    assertTrue(
        registry.find("baton.activities").tag("name", "no_such_activity").meters().isEmpty());
  }

  private static void awaitCounter(DurableClient client, long value) {
    TestEntities.awaitEntity(
        client, COUNTER, m -> m.readState(TestEntities.Counter.class).value == value);
  }

  private static String customStatus(DurableClient client, String id) {
    InstanceMetadata m = await(client.getInstance(id));
    return m == null ? null : m.customStatus();
  }

  private static Search find(MeterRegistry registry, String name, String tag, String value) {
    return registry.find(name).tag(tag, value);
  }

  private static double sum(MeterRegistry registry, String name, String tag, String value) {
    double total = 0;
    for (Meter m : find(registry, name, tag, value).meters()) {
      for (var measure : m.measure()) {
        total += measure.getValue();
      }
    }
    return total;
  }

  private static long timerCount(MeterRegistry registry, String name, String tag, String value) {
    return find(registry, name, tag, value).timers().stream().mapToLong(t -> t.count()).sum();
  }

  private static double gauge(MeterRegistry registry, String name, String tag, String value) {
    return find(registry, name, tag, value).gauges().stream().mapToDouble(g -> g.value()).sum();
  }
}
