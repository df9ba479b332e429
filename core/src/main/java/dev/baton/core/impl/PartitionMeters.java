package dev.baton.core.impl;

import dev.baton.core.entity.EntityId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The meters of one partition, tagged by task hub and partition: episodes (a timer per kind and
 * orchestrator or entity name), the events replayed per episode, cache hits and misses, commits and
 * their duration, and the backlog (a gauge of the messages the partition holds). Used on the
 * partition's context only; a slot keeps its name's meters, so an episode records without a lookup.
 * {@link #NONE} records nothing.
 */
final class PartitionMeters {

  /** The meters of a partition of an engine without a registry. */
  static final PartitionMeters NONE = new PartitionMeters();

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Timer commits;
  private final Counter commitFailures;
  private final Gauge backlog;
  private final Map<String, Named> orchestrations = new HashMap<>();
  private final Map<String, Named> entities = new HashMap<>();
  private Predicate<String> orchestratorKnown = name -> true;
  private Predicate<String> entityKnown = name -> true;

  private PartitionMeters() {
    registry = null;
    tags = Tags.empty();
    cacheHits = null;
    cacheMisses = null;
    commits = null;
    commitFailures = null;
    backlog = null;
  }

  PartitionMeters(MeterRegistry registry, Tags tags, String engineId, IntSupplier held) {
    this.registry = registry;
    this.tags = tags;
    cacheHits =
        EngineMeters.counter(
            registry,
            "baton.cache.hits",
            "Episodes whose instance was in the execution cache",
            tags);
    cacheMisses =
        EngineMeters.counter(
            registry,
            "baton.cache.misses",
            "Episodes that loaded their instance's history from the store",
            tags);
    commits =
        EngineMeters.timer(
            registry,
            "baton.commits",
            "Episode commits (history, status row, messages) and their duration",
            tags);
    commitFailures =
        EngineMeters.counter(
            registry,
            "baton.commits.failed",
            "Episode commits that failed (e.g. an ETag conflict); redelivered",
            tags);
    backlog =
        Gauge.builder("baton.partition.backlog", held, IntSupplier::getAsInt)
            .description("Messages the partition holds: received and not yet applied")
            .strongReference(true) // the supplier is held by this gauge alone
            .tags(tags.and("engine", engineId))
            .register(registry);
  }

  /** Tags names that are not registered as {@code unregistered}, so bad input adds no series. */
  PartitionMeters knownNames(Predicate<String> orchestrator, Predicate<String> entity) {
    this.orchestratorKnown = orchestrator;
    this.entityKnown = entity;
    return this;
  }

  /** An episode of {@code slot} begins. */
  void episodeStarted(InstanceSlot slot) {
    if (registry != null) {
      slot.episodeStart = System.nanoTime();
    }
  }

  /** The episode of {@code slot} committed (or found nothing new). */
  void episodeDone(InstanceSlot slot) {
    if (registry != null) {
      named(slot).episodes.record(System.nanoTime() - slot.episodeStart, TimeUnit.NANOSECONDS);
    }
  }

  /** The episode of {@code slot} failed; its messages come back. */
  void episodeAbandoned(InstanceSlot slot) {
    if (registry != null) {
      named(slot).abandoned.increment();
    }
  }

  /** The orchestration {@code name} of {@code slot} replayed {@code events} events. */
  void replayed(InstanceSlot slot, String name, int events) {
    if (registry == null) {
      return;
    }
    Named n = slot.meters;
    if (n == null || !n.name.equals(name)) {
      n = orchestration(name);
      slot.meters = n;
    }
    n.replayed.record(events);
  }

  void cacheHit() {
    if (registry != null) {
      cacheHits.increment();
    }
  }

  void cacheMiss() {
    if (registry != null) {
      cacheMisses.increment();
    }
  }

  /** A start time for {@link #commitDone}, or 0 when metrics are off. */
  long commitStarted() {
    return registry == null ? 0 : System.nanoTime();
  }

  /** A commit begun at {@code start} ended; {@code ok} when it succeeded. */
  void commitDone(long start, boolean ok) {
    if (registry == null) {
      return;
    }
    if (ok) {
      commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    } else {
      commitFailures.increment();
    }
  }

  /** The partition stopped: its backlog gauge goes (counters and timers stay). */
  void close() {
    if (registry != null) {
      registry.remove(backlog);
    }
  }

  private Named named(InstanceSlot slot) {
    Named n = slot.meters;
    switch (slot) {
      case EntitySlot e -> {
        if (n == null) {
          n = entity(entityName(e.instanceId));
        }
      }
      case OrchestrationSlot o -> {
        String name = o.started != null ? o.started.name() : "unknown";
        if (n == null || !n.name.equals(name)) {
          n = orchestration(name);
        }
      }
    }
    slot.meters = n;
    return n;
  }

  private Named orchestration(String name) {
    Named n = orchestrations.get(name);
    if (n == null) {
      String tag = orchestratorKnown.test(name) ? name : "unregistered";
      n = new Named(name, registry, tags.and("kind", "orchestration").and("name", tag), true);
      orchestrations.put(name, n);
    }
    return n;
  }

  private Named entity(String name) {
    Named n = entities.get(name);
    if (n == null) {
      String tag = entityKnown.test(name) ? name : "unregistered";
      n = new Named(name, registry, tags.and("kind", "entity").and("name", tag), false);
      entities.put(name, n);
    }
    return n;
  }

  private static String entityName(String instanceId) {
    try {
      return EntityId.fromInstanceId(instanceId).name();
    } catch (RuntimeException e) {
      return "invalid";
    }
  }

  /** The episode meters of one orchestrator or entity name in this partition. */
  static final class Named {
    final String name;
    final Timer episodes;
    final Counter abandoned;
    final DistributionSummary replayed; // orchestrations only

    Named(String name, MeterRegistry registry, Tags tags, boolean orchestration) {
      this.name = name;
      episodes =
          EngineMeters.timer(
              registry,
              "baton.episodes",
              "Episodes run (orchestration or entity) and their duration",
              tags);
      abandoned =
          EngineMeters.counter(
              registry,
              "baton.episodes.abandoned",
              "Episodes not committed; their messages are redelivered",
              tags);
      replayed =
          !orchestration
              ? null
              : DistributionSummary.builder("baton.episode.replayed.events")
                  .description(
                      "History events replayed per episode (0 when the execution was cached)")
                  .tags(tags)
                  .register(registry);
    }
  }
}
