package dev.baton.core.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What orchestrator code sees: its input, durable calls, and deterministic helpers. Everything here
 * is replay-safe; code that needs time, unique ids or logging takes them from here.
 *
 * <pre>{@code
 * Orchestrator<List<String>> fanOut = ctx -> {
 *   List<Task<String>> tasks = new ArrayList<>();
 *   for (String city : ctx.input(String[].class)) {
 *     tasks.add(ctx.callActivity("say_hello", city, String.class));
 *   }
 *   return ctx.allOf(tasks).await();
 * };
 * }</pre>
 *
 * <p>A context may be used only from the code of its own orchestration.
 */
public interface OrchestrationContext {

  /** The instance id. */
  String instanceId();

  /** The orchestrator's registered name. */
  String name();

  /** The version given when the instance was started, or {@code null}. */
  String version();

  /** The input, read as {@code type}; {@code null} when there was none. */
  <T> T input(Class<T> type);

  /** Calls an activity; its result is read as {@code resultType}. */
  <T> Task<T> callActivity(String name, Object input, Class<T> resultType);

  /** Calls an activity with options (e.g. a retry policy). */
  <T> Task<T> callActivity(String name, Object input, Class<T> resultType, TaskOptions options);

  /** A durable timer that completes after {@code delay} (never negative). */
  Task<Void> createTimer(Duration delay);

  /** A durable timer that completes at {@code fireAt}. */
  Task<Void> createTimer(Instant fireAt);

  /**
   * A task that completes with every result, in order, once all {@code tasks} are done; it fails
   * with the first failure (by position) when any of them failed.
   */
  <T> Task<List<T>> allOf(List<Task<T>> tasks);

  /** A task that completes with the first of {@code tasks} to finish (successfully or not). */
  Task<Task<?>> anyOf(List<? extends Task<?>> tasks);

  /**
   * The orchestration's current time: the time its current episode started, recorded in history, so
   * it is the same on every replay.
   */
  Instant currentTime();

  /** A UUID that is the same on every replay (name-based, from the instance and a counter). */
  UUID newUuid();

  /** Whether the code is re-running past history rather than making new progress. */
  boolean isReplaying();

  /** Sets the custom status visible to clients (any JSON-serializable value, or null). */
  void setCustomStatus(Object status);

  /** A logger that writes only when not replaying, so each line appears once. */
  System.Logger logger();
}
