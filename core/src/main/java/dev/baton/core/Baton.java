package dev.baton.core;

import dev.baton.core.activity.Activity;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.Entity;
import dev.baton.core.impl.BatonImpl;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.spi.Backend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A Baton engine embedded in a Vert.x application: it owns partitions of a task hub, runs their
 * orchestrations, and runs activities.
 *
 * <pre>{@code
 * Baton baton = Baton.builder(vertx)
 *     .backend(MemoryBackend.create())
 *     .addOrchestrator("greetings", ctx -> List.of(
 *         ctx.callActivity("hello", "Tokyo", String.class).await(),
 *         ctx.callActivity("hello", "London", String.class).await()))
 *     .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
 *     .build();
 * baton.start()
 *     .compose(v -> baton.client().scheduleNewOrchestration("greetings", null));
 * }</pre>
 */
public interface Baton {

  /** A builder for an engine on {@code vertx}. */
  static Builder builder(Vertx vertx) {
    return new BatonImpl.BuilderImpl(vertx);
  }

  /** Opens the task hub, takes partition leases and starts processing. */
  Future<Void> start();

  /** The client of this engine's task hub. Usable once {@link #start} has completed. */
  DurableClient client();

  /** Stops processing, releases leases and in-flight messages; the hub's data stays. */
  Future<Void> close();

  /**
   * A copy of the options in effect, which may differ from those given: {@link
   * BatonOptions#isOrchestrationsOnEventLoop()} says where orchestrator and entity code really runs
   * (false when this JVM cannot run it safely on the event loops, see the README).
   */
  BatonOptions effectiveOptions();

  /** The partitions this engine holds now. */
  java.util.Set<Integer> ownedPartitions();

  /** Builds a {@link Baton}. */
  interface Builder {

    /** The storage backend (required); e.g. {@code MemoryBackend.create()}. */
    Builder backend(Backend backend);

    /** Engine options; defaults when not set. */
    Builder options(BatonOptions options);

    /** The converter for inputs and results; Jackson by default. */
    Builder dataConverter(DataConverter converter);

    /**
     * The Micrometer registry that gets the engine's meters ({@code baton.*}, listed in the
     * README). Without it the engine uses the Vert.x instance's registry when Vert.x was created
     * with {@code MicrometerMetricsOptions}, and otherwise records no metrics at all (no cost).
     *
     * @throws BatonException with {@code INVALID_ARGUMENT} when {@code registry} is null
     */
    Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry);

    /** Registers an orchestrator under {@code name}; a name is registered once. */
    Builder addOrchestrator(String name, Orchestrator<?> orchestrator);

    /** Registers an activity under {@code name}; a name is registered once. */
    Builder addActivity(String name, Activity<?> activity);

    /**
     * Registers an activity under {@code name} that runs as {@code options} say (for instance on
     * the event loop, see {@link dev.baton.core.activity.ActivityOptions}); a name is registered
     * once.
     *
     * @throws BatonException with {@code INVALID_ARGUMENT} when {@code options} is null
     */
    Builder addActivity(
        String name, Activity<?> activity, dev.baton.core.activity.ActivityOptions options);

    /**
     * Traces orchestrations, activities and entity operations with {@code openTelemetry} (see the
     * README's "Traces"). Without it the engine traces only when Vert.x does, through {@code
     * vertx-opentelemetry}'s {@code OpenTelemetryOptions}, and then with the global OpenTelemetry.
     *
     * @throws NullPointerException when {@code openTelemetry} is null
     */
    Builder openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry);

    /**
     * Registers an entity under {@code name} (case-insensitive); a name is registered once. Use
     * {@link Entity#ofClass} for an entity written as a class.
     *
     * @throws BatonException with {@code INVALID_ENTITY_ID} when the name cannot be an entity's
     */
    Builder addEntity(String name, Entity entity);

    /**
     * The engine.
     *
     * @throws BatonException with {@code INVALID_ARGUMENT} when no backend was given or options
     *     contradict each other
     */
    Baton build();
  }
}
