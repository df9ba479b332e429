package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.spi.Backend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * An engine's meters, in the {@code baton.} namespace: the registry they go to (the one given to
 * the builder, else the Vert.x instance's when it was created with Micrometer metrics, else none),
 * the engine-wide meters (activities, entity operations, cache, partitions owned) and a {@link
 * PartitionMeters} per partition. Without a registry every method returns at once and the backend
 * is not wrapped, so metrics cost nothing. Meters are resolved once per name and kept, so recording
 * never builds tags; the gauges, which read this engine's state, carry its id and are removed when
 * it closes.
 */
final class EngineMeters {

  /** The meters of a Baton without a registry: they record nothing. */
  static final EngineMeters NONE = new EngineMeters(null, "", "");

  private final MeterRegistry registry;
  private final Tags hub;
  private final String engineId;
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, ActivityMeters> activities = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, EntityMeters> entities = new ConcurrentHashMap<>();
  private final Counter handedOver;
  private final Counter ranLocally;

  private EngineMeters(MeterRegistry registry, String hubName, String engineId) {
    this.registry = registry;
    this.hub = Tags.of("hub", hubName);
    this.engineId = engineId;
    this.handedOver =
        registry == null
            ? null
            : counter(
                registry,
                "baton.messages.local",
                "Activity results handed to a partition of this engine, not queued",
                hub);
    this.ranLocally =
        registry == null
            ? null
            : counter(
                registry,
                "baton.activities.local",
                "Activities run by the engine whose partition scheduled them, no work item queued",
                hub);
  }

  /**
   * The meters of an engine of task hub {@code hubName}: into {@code given} when not {@code null},
   * else into {@code vertx}'s Micrometer registry when it has one, else none.
   */
  static EngineMeters create(MeterRegistry given, Vertx vertx, String hubName, String engineId) {
    MeterRegistry registry = given != null ? given : vertxRegistry(vertx);
    return registry == null ? NONE : new EngineMeters(registry, hubName, engineId);
  }

  /** The registry of a Vert.x created with {@code MicrometerMetricsOptions}, or {@code null}. */
  static MeterRegistry vertxRegistry(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.metrics() instanceof MicrometerMetrics metrics) {
      return metrics.registry();
    }
    return null;
  }

  /** A registry given to the builder, refused when {@code null}. */
  static MeterRegistry checked(MeterRegistry registry) {
    if (registry == null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "the meter registry is null: pass a MeterRegistry (e.g. a PrometheusMeterRegistry), or"
              + " leave meterRegistry(...) out to use the Vert.x instance's Micrometer registry, if"
              + " any");
    }
    return registry;
  }

  boolean enabled() {
    return registry != null;
  }

  /** The registry, or {@code null} when metrics are off. */
  MeterRegistry registry() {
    return registry;
  }

  /**
   * {@code backend} with its storage calls counted, or itself when metrics are off. A backend that
   * has meters of its own (a {@link MeterBinder}, e.g. Azure's HTTP request counts) is bound too.
   */
  Backend wrap(Backend backend) {
    if (registry == null) {
      return backend;
    }
    if (backend instanceof MeterBinder binder) {
      binder.bindTo(registry);
    }
    return new MeteredBackend(backend, registry);
  }

  /** Registers the gauges of the engine's state: partitions owned, cache entries and evictions. */
  void engineStarted(BatonImpl engine) {
    if (registry == null) {
      return;
    }
    Tags tags = hub.and("engine", engineId);
    gauge(
        Gauge.builder("baton.partitions.owned", engine, e -> e.ownedPartitions().size())
            .description("Partitions this engine holds")
            .tags(tags)
            .register(registry));
    gauge(
        Gauge.builder("baton.cache.entries", engine, e -> e.cacheStats().entries())
            .description("Idle instances kept in the execution cache")
            .tags(tags)
            .register(registry));
    gauge(
        Gauge.builder("baton.cache.bytes", engine, e -> e.cacheStats().bytes())
            .description("Estimated bytes of the instances in the execution cache")
            .baseUnit("bytes")
            .tags(tags)
            .register(registry));
    gauge(
        FunctionCounter.builder("baton.cache.evictions", engine, e -> e.cacheStats().evictedIdle())
            .description("Instances evicted from the execution cache")
            .tags(tags.and("reason", "idle"))
            .register(registry));
    gauge(
        FunctionCounter.builder(
                "baton.cache.evictions", engine, e -> e.cacheStats().evictedForSpace())
            .description("Instances evicted from the execution cache")
            .tags(tags.and("reason", "space"))
            .register(registry));
  }

  /**
   * The meters of partition {@code index}; {@code backlog} counts the messages it holds, and names
   * not in {@code functions} are tagged {@code unregistered}.
   */
  PartitionMeters partition(int index, IntSupplier backlog, Registry functions) {
    if (registry == null) {
      return PartitionMeters.NONE;
    }
    return new PartitionMeters(
            registry, hub.and("partition", Integer.toString(index)), engineId, backlog)
        .knownNames(n -> functions.orchestrator(n) != null, n -> functions.entity(n) != null);
  }

  /** The meters of activity {@code name} ({@code null}: one not registered). */
  ActivityMeters activity(String name) {
    if (registry == null) {
      return ActivityMeters.NONE;
    }
    return activities.computeIfAbsent(
        name == null ? "unregistered" : name,
        n -> new ActivityMeters(registry, hub.and("name", n)));
  }

  /** Counts an entity batch: its operations and the requests that waited for a lock. */
  void entityBatch(String name, int operations, int lockWaits) {
    if (registry == null) {
      return;
    }
    EntityMeters m = entities.get(name);
    if (m == null) {
      m = entities.computeIfAbsent(name, n -> new EntityMeters(registry, hub.and("name", n)));
    }
    if (operations > 0) {
      m.operations.increment(operations);
    }
    if (lockWaits > 0) {
      m.lockWaits.increment(lockWaits);
    }
  }

  /** Counts activity results handed to a partition of this engine without the queue. */
  void handedOver(int count) {
    if (handedOver != null) {
      handedOver.increment(count);
    }
  }

  void ranLocally(int count) {
    if (ranLocally != null) {
      ranLocally.increment(count);
    }
  }

  /** Removes the gauges, which read this engine's state; counters and timers stay. */
  void close() {
    if (registry == null) {
      return;
    }
    for (Meter m : gauges) {
      registry.remove(m);
    }
    gauges.clear();
  }

  /** A counter named {@code name} with {@code tags}, described by {@code about}. */
  static Counter counter(MeterRegistry registry, String name, String about, Tags tags) {
    return Counter.builder(name).description(about).tags(tags).register(registry);
  }

  /** A timer named {@code name} with {@code tags}, described by {@code about}. */
  static Timer timer(MeterRegistry registry, String name, String about, Tags tags) {
    return Timer.builder(name).description(about).tags(tags).register(registry);
  }

  private void gauge(Meter m) {
    gauges.add(m);
  }

  /** The meters of one activity name: its runs (a timer) and its failures. */
  static final class ActivityMeters {
    static final ActivityMeters NONE = new ActivityMeters();
    private final Timer runs;
    private final Counter failures;

    private ActivityMeters() {
      runs = null;
      failures = null;
    }

    ActivityMeters(MeterRegistry registry, Tags tags) {
      runs = timer(registry, "baton.activities", "Activity runs and their duration", tags);
      failures = counter(registry, "baton.activities.failed", "Activity runs that threw", tags);
    }

    /** A start time for {@link #ran}, or 0 when metrics are off. */
    long start() {
      return runs == null ? 0 : System.nanoTime();
    }

    /** A work item for an activity not registered here: failed without a run. */
    void refused() {
      if (runs != null) {
        runs.record(0, TimeUnit.NANOSECONDS);
        failures.increment();
      }
    }

    /** A run that began at {@code start} ended; {@code failed} when it threw. */
    void ran(long start, boolean failed) {
      if (runs == null) {
        return;
      }
      runs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (failed) {
        failures.increment();
      }
    }
  }

  /** The meters of one entity name: operations run and requests that waited for a lock. */
  private static final class EntityMeters {
    final Counter operations;
    final Counter lockWaits;

    EntityMeters(MeterRegistry registry, Tags tags) {
      operations = counter(registry, "baton.entity.operations", "Entity operations run", tags);
      lockWaits =
          counter(
              registry,
              "baton.entity.lock.waits",
              "Entity requests queued behind a critical section's lock",
              tags);
    }
  }
}
