package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.activity.Activity;
import dev.baton.core.activity.ActivityOptions;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.Orchestrator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The orchestrators and activities of an engine, by name; read-only once built. */
final class Registry {

  private final Map<String, Orchestrator<?>> orchestrators = new HashMap<>();
  private final Map<String, Activity<?>> activities = new HashMap<>();

  /** The activities registered to run on the event loop. */
  private final java.util.Set<String> onEventLoop = new java.util.HashSet<>();

  private final Map<String, Entity> entities = new HashMap<>();

  void addOrchestrator(String name, Orchestrator<?> orchestrator) {
    if (EntityCallOrchestrator.NAME.equals(name)) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "the orchestrator name '" + name + "' is reserved");
    }
    put(orchestrators, "orchestrator", name, orchestrator);
  }

  void addActivity(String name, Activity<?> activity) {
    if (HttpActivity.NAME.equals(name)) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "the activity name '" + name + "' is reserved for ctx.callHttp; choose another name");
    }
    put(activities, "activity", name, activity);
  }

  void addActivity(String name, Activity<?> activity, ActivityOptions options) {
    addActivity(name, activity);
    if (options.isOnEventLoop()) {
      onEventLoop.add(name);
    }
  }

  /** Whether the activity {@code name} was registered to run on the event loop. */
  boolean onEventLoop(String name) {
    return onEventLoop.contains(name);
  }

  void addEntity(String name, Entity entity) {
    String key = EntityId.checkName(name);
    Objects.requireNonNull(entity, "entity");
    if (entities.putIfAbsent(key, entity) != null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "an entity named '" + key + "' is already registered (entity names ignore case)");
    }
  }

  /** The entity registered under {@code name} (lower case), or {@code null}. */
  Entity entity(String name) {
    return entities.get(name);
  }

  private static <T> void put(Map<String, T> map, String kind, String name, T value) {
    if (name == null || name.isBlank()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "an " + kind + " name must not be blank");
    }
    Objects.requireNonNull(value, kind);
    if (map.putIfAbsent(name, value) != null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "an " + kind + " named '" + name + "' is already registered");
    }
  }

  Orchestrator<?> orchestrator(String name) {
    Orchestrator<?> o = orchestrators.get(name);
    return o == null && EntityCallOrchestrator.NAME.equals(name)
        ? EntityCallOrchestrator.INSTANCE
        : o;
  }

  Activity<?> activity(String name) {
    return activities.get(name);
  }

  static BatonException unknownOrchestrator(String name) {
    return new BatonException(
        ErrorCode.UNKNOWN_ORCHESTRATOR,
        "unknown orchestrator '"
            + name
            + "': register it with addOrchestrator(\""
            + name
            + "\", ...)");
  }

  static BatonException unknownActivity(String name) {
    return new BatonException(
        ErrorCode.UNKNOWN_ACTIVITY,
        "unknown activity '" + name + "': register it with addActivity(\"" + name + "\", ...)");
  }
}
