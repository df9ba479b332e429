package dev.baton.core.orchestration;

import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
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

  /**
   * The orchestration that started this one as a sub-orchestration, or {@code null} for an instance
   * started by a client, an entity or a trigger. A continue-as-new keeps it.
   */
  ParentInstance parent();

  /** The input, read as {@code type}; {@code null} when there was none. */
  <T> T input(Class<T> type);

  /** Calls an activity whose result is not needed; the task completes with {@code null}. */
  Task<Void> callActivity(String name, Object input);

  /** Calls an activity; its result is read as {@code resultType}. */
  <T> Task<T> callActivity(String name, Object input, Class<T> resultType);

  /**
   * Calls an activity with options (a retry policy or handler, a timeout); its result is read as
   * {@code resultType}. A failed activity fails the task with a {@link TaskFailedException}; one
   * that does not finish within the timeout fails it with a {@link TaskTimeoutException}.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code name} is blank
   */
  <T> Task<T> callActivity(String name, Object input, Class<T> resultType, TaskOptions options);

  /** Starts a sub-orchestration whose output is not needed; completes with {@code null}. */
  Task<Void> callSubOrchestrator(String name, Object input);

  /**
   * Starts a sub-orchestration with a generated instance id (derived from this instance, so the
   * same on every replay) and completes with its output, read as {@code resultType}. The child runs
   * the version of this instance.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code name} is blank
   */
  <T> Task<T> callSubOrchestrator(String name, Object input, Class<T> resultType);

  /**
   * Starts a sub-orchestration with options: a chosen instance id, the version it runs, a retry
   * policy or handler (a failed child is started again after a durable wait), a timeout. A failed
   * child fails the task with a {@link TaskFailedException} carrying the child's failure details. A
   * chosen id that names a running instance fails the task with {@code INSTANCE_EXISTS}; a finished
   * one is replaced. The child sees this instance as its {@link #parent()}.
   *
   * <pre>{@code
   * Receipt r = ctx.callSubOrchestrator("payment", order, Receipt.class,
   *     new SubOrchestrationOptions()
   *         .setInstanceId("pay-" + order.id())
   *         .setRetryPolicy(new RetryPolicy().setMaxAttempts(3))).await();
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_INSTANCE_ID} for an id no store can
   *     key, {@code INVALID_ARGUMENT} when {@code name} is blank
   */
  <T> Task<T> callSubOrchestrator(
      String name, Object input, Class<T> resultType, SubOrchestrationOptions options);

  /**
   * Makes an HTTP request durably: the engine sends it outside the orchestrator, with Vert.x's
   * non-blocking HTTP client, and records the answer in history, so a replay returns the same
   * answer without sending the request again. A {@code 202} with a {@code Location} header is
   * polled with {@code GET} until the answer is something else, after {@code Retry-After} or the
   * request's poll interval (durable timers), unless the request turns that off. Any status is an
   * answer, not a failure; the task fails with a {@link TaskFailedException} when no answer came
   * (network error), after the request's retry policy gave up, and with a {@link
   * TaskTimeoutException} when the request's timeout ran out first.
   *
   * <pre>{@code
   * DurableHttpResponse r = ctx.callHttp(
   *     new DurableHttpRequest(HttpMethod.GET, "https://api.example.com/orders/42")).await();
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code request} is
   *     null
   */
  Task<DurableHttpResponse> callHttp(DurableHttpRequest request);

  /**
   * Waits for the external event {@code name} (case-insensitive) and reads its data as {@code
   * type}. Events that arrived before the wait are kept, in order, and the oldest is taken; several
   * waits on one name are served in the order they began.
   *
   * <pre>{@code
   * boolean approved = ctx.waitForExternalEvent("approval", Boolean.class).await();
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code name} is blank
   */
  <T> Task<T> waitForExternalEvent(String name, Class<T> type);

  /**
   * Waits for the external event {@code name} at most {@code timeout} (a durable timer); the task
   * then fails with a {@link TaskTimeoutException} (code {@code TIMEOUT}). A zero timeout takes
   * only an event that has already arrived.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code timeout} is
   *     null or negative, or {@code name} is blank
   */
  <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type);

  /**
   * Waits for the external event {@code name} at most {@code timeout}; the task then completes with
   * {@code defaultValue} instead of failing.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code timeout} is
   *     null or negative, or {@code name} is blank
   */
  <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type, T defaultValue);

  /**
   * Sends the external event {@code eventName} with {@code eventData} to another instance, which
   * receives it once even when the message is delivered again. Fire and forget: an instance that
   * has not started yet gets it once it starts; a finished one does not (the engine logs it); one
   * that never starts has it set aside as a poison message after the usual number of deliveries.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_INSTANCE_ID} or {@code
   *     INVALID_ARGUMENT} (blank name)
   */
  void sendEvent(String instanceId, String eventName, Object eventData);

  /**
   * Ends this execution and starts the instance again with {@code input}, with a fresh history, so
   * an eternal orchestration keeps a bounded one. External events not consumed yet are carried into
   * the new execution. Never returns: the code unwinds at once (work it started and did not await
   * is still sent).
   *
   * <pre>{@code
   * int count = ctx.input(Integer.class);
   * ctx.waitForExternalEvent("tick", Void.class).await();
   * ctx.continueAsNew(count + 1);
   * }</pre>
   */
  void continueAsNew(Object input);

  /**
   * Like {@link #continueAsNew(Object)}, as {@code options} say ({@code null}: the defaults); with
   * {@link ContinueAsNewOptions#setPreserveUnprocessedEvents(boolean) preserveUnprocessedEvents}
   * false the events not consumed yet are dropped instead of carried over.
   */
  void continueAsNew(Object input, ContinueAsNewOptions options);

  /**
   * A durable timer that completes after {@code delay}: any length, it survives restarts.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code delay} is null
   *     or negative
   */
  Task<Void> createTimer(Duration delay);

  /** A durable timer that completes at {@code fireAt}. */
  Task<Void> createTimer(Instant fireAt);

  /**
   * A task that completes with every result, in order, once all {@code tasks} are done; it fails
   * with the first failure (by position) when any of them failed.
   */
  <T> Task<List<T>> allOf(List<Task<T>> tasks);

  /**
   * A task that completes (with {@code null}) once all {@code tasks} are done, for tasks of
   * different result types: read each result with its own {@code await()}, which no longer waits.
   * It fails with the first failure (by position) when any of them failed.
   *
   * <pre>{@code
   * Task<Profile> profile = ctx.callActivity("profile", user, Profile.class);
   * Task<Integer> score = ctx.callActivity("score", user, Integer.class);
   * ctx.allOf(profile, score).await();
   * }</pre>
   */
  Task<Void> allOf(Task<?>... tasks);

  /**
   * A task that completes with the first of {@code tasks} to finish (successfully or not).
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code tasks} is empty
   */
  Task<Task<?>> anyOf(List<? extends Task<?>> tasks);

  /** Like {@link #anyOf(List)}, for tasks listed in place. */
  Task<Task<?>> anyOf(Task<?>... tasks);

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

  /**
   * A logger (named {@code dev.baton.orchestration.<name>}) that writes only when not replaying, so
   * each line appears once.
   */
  System.Logger logger();

  /**
   * Your own logger, wrapped so that it writes only when not replaying: any logger interface
   * (SLF4J's {@code org.slf4j.Logger}, Log4j's, {@code System.Logger}) or a {@code
   * java.util.logging.Logger}. While replaying, calls that log do nothing and {@code is...Enabled}
   * checks answer false.
   *
   * <pre>{@code
   * Logger log = ctx.logger(Logger.class, LoggerFactory.getLogger(Checkout.class));
   * log.info("charging {}", order.id());
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code type} is a
   *     class other than {@code java.util.logging.Logger}, or either argument is null
   */
  <L> L logger(Class<L> type, L logger);

  /**
   * Sends a one-way operation to an entity. Operations sent by one orchestration to one entity run
   * in the order they were sent, each once.
   *
   * @throws dev.baton.core.BatonException with {@code ENTITY_LOCK_VIOLATION} inside a critical
   *     section that holds {@code entity}
   */
  void signalEntity(EntityId entity, String operation, Object input);

  /** Sends a one-way operation to an entity, to run at {@code at} (at once when it is past). */
  void signalEntity(EntityId entity, String operation, Object input, Instant at);

  /**
   * Calls an entity operation; its result is read as {@code resultType}. The task fails with a
   * {@link TaskFailedException} carrying the operation's failure when it throws.
   *
   * @throws dev.baton.core.BatonException with {@code ENTITY_LOCK_VIOLATION} inside a critical
   *     section that does not hold {@code entity}
   */
  <T> Task<T> callEntity(EntityId entity, String operation, Object input, Class<T> resultType);

  /**
   * Calls an entity operation with options: with a timeout, the task fails with a {@link
   * TaskTimeoutException} when no reply came in time (the operation still runs; its late reply is
   * ignored); a retry policy or handler calls it again after a failure.
   *
   * <pre>{@code
   * int n = ctx.callEntity(counter, "get", null, Integer.class,
   *     new TaskOptions().setTimeout(Duration.ofSeconds(30))).await();
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code ENTITY_LOCK_VIOLATION} inside a critical
   *     section that does not hold {@code entity}
   */
  <T> Task<T> callEntity(
      EntityId entity, String operation, Object input, Class<T> resultType, TaskOptions options);

  /**
   * A typed view of an entity: each method of {@code type}, an interface, is an operation of the
   * same name whose input is the method's single parameter (or none). A {@code void} method signals
   * the operation; a method returning {@code Task<T>} calls it and its task completes with the
   * result read as {@code T}. Methods with a default body run as written.
   *
   * <pre>{@code
   * interface Counter { void add(int amount); Task<Integer> get(); }
   * Counter counter = ctx.entityProxy(Counter.class, EntityId.of("counter", "c1"));
   * counter.add(5);
   * int now = counter.get().await();
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code type} is not an
   *     interface or has a method that cannot be an operation (more than one parameter, another
   *     return type, type parameters of its own), or an argument is null
   */
  default <T> T entityProxy(Class<T> type, EntityId entity) {
    return dev.baton.core.impl.entity.EntityProxies.orchestration(this, type, entity);
  }

  /**
   * Enters a critical section over {@code entities}: waits until every one of them is held for this
   * orchestration, then returns the lock to close. Entities are locked in one global order, so two
   * orchestrations never deadlock. Inside, call only the locked entities and do not signal them,
   * lock again or start sub-orchestrations. The lock is also released when the orchestration ends.
   *
   * <pre>{@code
   * try (EntityLock lock = ctx.lockEntities(from, to)) {
   *   ctx.callEntity(from, "withdraw", 10, Void.class).await();
   *   ctx.callEntity(to, "deposit", 10, Void.class).await();
   * }
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code ENTITY_LOCK_VIOLATION} inside another
   *     critical section, or {@code INVALID_ARGUMENT} when no entity is given
   */
  EntityLock lockEntities(EntityId... entities);

  /** Whether the orchestration is inside a critical section. */
  boolean isInCriticalSection();
}
