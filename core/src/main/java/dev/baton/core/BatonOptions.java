package dev.baton.core;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine options, like Vert.x's {@code DeploymentOptions}: defaults as constants, fluent setters, a
 * JSON form for Vert.x config. The clock is code and has no JSON form.
 *
 * <pre>{@code
 * new BatonOptions().setPartitionCount(8).setActivityConcurrency(200)
 * }</pre>
 */
public final class BatonOptions {

  public static final String DEFAULT_TASK_HUB = "baton";
  public static final int DEFAULT_PARTITION_COUNT = 4;
  public static final int MAX_PARTITION_COUNT = 16;
  public static final int DEFAULT_ACTIVITY_CONCURRENCY = 64;
  public static final int DEFAULT_CACHE_SIZE = 10_000;
  public static final long DEFAULT_CACHE_MAX_BYTES = 256L * 1024 * 1024;
  public static final Duration DEFAULT_CACHE_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MAX_USER_CODE_STEP_TIME = Duration.ofSeconds(2);
  public static final int DEFAULT_CONTROL_BATCH_SIZE = 128;

  /**
   * The longest wait between polls of an idle queue on a backend that does not choose its own (the
   * memory backend); Azure Storage chooses 10 s (see {@link #setMaxPollInterval}).
   */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMillis(500);

  // recovery after a crash is bounded by max(visibility timeout, lease duration + renew interval)
  // plus one poll interval: 20.5 s with these defaults (README, "Recovery after a crash")
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_LEASE_RENEW_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_DEQUEUE_COUNT = 10;
  public static final int DEFAULT_MAX_ENTITY_BATCH_SIZE = 1000;

  private String taskHub = DEFAULT_TASK_HUB;
  private int partitionCount = DEFAULT_PARTITION_COUNT;
  private int activityConcurrency = DEFAULT_ACTIVITY_CONCURRENCY;
  private int cacheSize = DEFAULT_CACHE_SIZE;
  private long cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;
  private Duration cacheIdleTimeout = DEFAULT_CACHE_IDLE_TIMEOUT;
  private Duration maxUserCodeStepTime = DEFAULT_MAX_USER_CODE_STEP_TIME;
  private int controlBatchSize = DEFAULT_CONTROL_BATCH_SIZE;
  private Duration maxPollInterval; // null: the backend's choice
  private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
  private Duration leaseDuration = DEFAULT_LEASE_DURATION;
  private Duration leaseRenewInterval = DEFAULT_LEASE_RENEW_INTERVAL;
  private int maxDequeueCount = DEFAULT_MAX_DEQUEUE_COUNT;
  private int maxEntityBatchSize = DEFAULT_MAX_ENTITY_BATCH_SIZE;
  private Clock clock = Clock.systemUTC();
  private boolean orchestrationsOnEventLoop = true;
  private boolean localActivities = true;
  private boolean activityCarriers = true;
  private String engineId;
  private VersioningOptions versioning = new VersioningOptions();

  public BatonOptions() {}

  public BatonOptions(BatonOptions other) {
    this(other.toJson());
    this.clock = other.clock;
  }

  /** Options from JSON; durations are in milliseconds ({@code maxPollIntervalMs}, ...). */
  public BatonOptions(JsonObject json) {
    setTaskHub(string(json, "taskHub", DEFAULT_TASK_HUB));
    setPartitionCount(integer(json, "partitionCount", DEFAULT_PARTITION_COUNT));
    setActivityConcurrency(integer(json, "activityConcurrency", DEFAULT_ACTIVITY_CONCURRENCY));
    setCacheSize(integer(json, "cacheSize", DEFAULT_CACHE_SIZE));
    setCacheMaxBytes(number(json, "cacheMaxBytes", DEFAULT_CACHE_MAX_BYTES));
    setCacheIdleTimeout(ms(json, "cacheIdleTimeoutMs", DEFAULT_CACHE_IDLE_TIMEOUT));
    setMaxUserCodeStepTime(ms(json, "maxUserCodeStepTimeMs", DEFAULT_MAX_USER_CODE_STEP_TIME));
    setControlBatchSize(integer(json, "controlBatchSize", DEFAULT_CONTROL_BATCH_SIZE));
    if (json.getValue("maxPollIntervalMs") != null) {
      setMaxPollInterval(ms(json, "maxPollIntervalMs", DEFAULT_MAX_POLL_INTERVAL));
    }
    setVisibilityTimeout(ms(json, "visibilityTimeoutMs", DEFAULT_VISIBILITY_TIMEOUT));
    setLeaseDuration(ms(json, "leaseDurationMs", DEFAULT_LEASE_DURATION));
    setLeaseRenewInterval(ms(json, "leaseRenewIntervalMs", DEFAULT_LEASE_RENEW_INTERVAL));
    setMaxDequeueCount(integer(json, "maxDequeueCount", DEFAULT_MAX_DEQUEUE_COUNT));
    setOrchestrationsOnEventLoop(bool(json, "orchestrationsOnEventLoop", true));
    setLocalActivities(bool(json, "localActivities", true));
    setActivityCarriers(bool(json, "activityCarriers", true));
    setMaxEntityBatchSize(integer(json, "maxEntityBatchSize", DEFAULT_MAX_ENTITY_BATCH_SIZE));
    setEngineId(string(json, "engineId", null));
    JsonObject v = json.getValue("versioning") instanceof JsonObject o ? o : null;
    if (json.getValue("versioning") != null && v == null) {
      throw invalid("versioning must be a JSON object, got " + json.getValue("versioning"));
    }
    setVersioning(v == null ? new VersioningOptions() : new VersioningOptions(v));
  }

  public VersioningOptions getVersioning() {
    return versioning;
  }

  /**
   * The version this engine runs, the default version of new instances and what happens to
   * instances of other versions (default: every version runs, new instances get none).
   */
  public BatonOptions setVersioning(VersioningOptions versioning) {
    if (versioning == null) {
      throw invalid("versioning must not be null; use new VersioningOptions() for the defaults");
    }
    this.versioning = versioning;
    return this;
  }

  private static Duration ms(JsonObject json, String key, Duration def) {
    return Duration.ofMillis(number(json, key, def.toMillis()));
  }

  private static int integer(JsonObject json, String key, int def) {
    long n = number(json, key, def);
    if (n != (int) n) {
      throw invalid("'" + key + "' must be an integer, got " + json.getValue(key));
    }
    return (int) n;
  }

  private static long number(JsonObject json, String key, long def) {
    Object v = json.getValue(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw invalid("'" + key + "' must be a whole number, got " + describe(v));
    }
    return n.longValue();
  }

  private static String string(JsonObject json, String key, String def) {
    Object v = json.getValue(key);
    if (v != null && !(v instanceof String)) {
      throw invalid("'" + key + "' must be a string, got " + describe(v));
    }
    return v == null ? def : (String) v;
  }

  private static boolean bool(JsonObject json, String key, boolean def) {
    Object v = json.getValue(key);
    if (v != null && !(v instanceof Boolean)) {
      throw invalid("'" + key + "' must be true or false, got " + describe(v));
    }
    return v == null ? def : (Boolean) v;
  }

  private static String describe(Object v) {
    return v instanceof String ? "'" + v + "'" : String.valueOf(v);
  }

  public String getTaskHub() {
    return taskHub;
  }

  /** The task hub: a named namespace of instances in the backend (letters and digits). */
  public BatonOptions setTaskHub(String taskHub) {
    if (taskHub == null || !taskHub.matches("[A-Za-z][A-Za-z0-9]{2,44}")) {
      throw invalid(
          "taskHub must be 3 to 45 letters and digits starting with a letter, got '"
              + taskHub
              + "'");
    }
    this.taskHub = taskHub;
    return this;
  }

  public int getPartitionCount() {
    return partitionCount;
  }

  /** Partitions of the task hub, 1 to 16 (default 4); fixed once the hub exists. */
  public BatonOptions setPartitionCount(int partitionCount) {
    if (partitionCount < 1 || partitionCount > MAX_PARTITION_COUNT) {
      throw invalid(
          "partitionCount must be between 1 and "
              + MAX_PARTITION_COUNT
              + ", got "
              + partitionCount);
    }
    this.partitionCount = partitionCount;
    return this;
  }

  public int getActivityConcurrency() {
    return activityConcurrency;
  }

  /** Activities this engine runs at once (default 64). */
  public BatonOptions setActivityConcurrency(int activityConcurrency) {
    if (activityConcurrency < 1) {
      throw invalid("activityConcurrency must be at least 1, got " + activityConcurrency);
    }
    this.activityConcurrency = activityConcurrency;
    return this;
  }

  public int getCacheSize() {
    return cacheSize;
  }

  /**
   * Idle instances (orchestrations with their parked code, entities with their state) this engine
   * keeps in memory across all its partitions (default 10,000); past it, or past {@link
   * #setCacheMaxBytes}, the least recently used leave and their next message replays them from
   * history. 0 replays every episode from history.
   */
  public BatonOptions setCacheSize(int cacheSize) {
    if (cacheSize < 0) {
      throw invalid("cacheSize must not be negative, got " + cacheSize);
    }
    this.cacheSize = cacheSize;
    return this;
  }

  public long getCacheMaxBytes() {
    return cacheMaxBytes;
  }

  /**
   * An estimate of the memory the cached instances of this engine may hold (default 256 MiB),
   * counted from their histories' payloads (inputs, results, entity states) plus a fixed part per
   * instance and per event; 0 caches nothing.
   */
  public BatonOptions setCacheMaxBytes(long cacheMaxBytes) {
    if (cacheMaxBytes < 0) {
      throw invalid("cacheMaxBytes must not be negative, got " + cacheMaxBytes);
    }
    this.cacheMaxBytes = cacheMaxBytes;
    return this;
  }

  public Duration getCacheIdleTimeout() {
    return cacheIdleTimeout;
  }

  /**
   * How long an instance may stay idle in the cache before it leaves it (default 10 minutes); its
   * next message replays it from history.
   */
  public BatonOptions setCacheIdleTimeout(Duration cacheIdleTimeout) {
    this.cacheIdleTimeout = positive("cacheIdleTimeout", cacheIdleTimeout);
    return this;
  }

  public int getControlBatchSize() {
    return controlBatchSize;
  }

  /** Messages a partition takes from its control queue at once (1 to 1,000, default 128). */
  public BatonOptions setControlBatchSize(int controlBatchSize) {
    if (controlBatchSize < 1 || controlBatchSize > 1000) {
      throw invalid("controlBatchSize must be between 1 and 1000, got " + controlBatchSize);
    }
    this.controlBatchSize = controlBatchSize;
    return this;
  }

  /**
   * The longest wait between polls of an idle queue, or {@code null} when it is left to the backend
   * ({@code Baton.effectiveOptions()} reports the value in effect).
   */
  public Duration getMaxPollInterval() {
    return maxPollInterval;
  }

  /**
   * The longest wait between polls of an idle queue (default: the backend's choice, {@code
   * Backend.defaultMaxPollInterval()}: 500 ms on the memory backend, 10 s on Azure Storage, where
   * every poll is a billed request). Messages sent from this process wake their receiver at once;
   * polling only finds messages from elsewhere (another engine's or client's, a redelivery), which
   * therefore wait up to this long. A queue's polls back off from 1 ms, doubling while they find
   * nothing, up to this interval.
   */
  public BatonOptions setMaxPollInterval(Duration maxPollInterval) {
    this.maxPollInterval = positive("maxPollInterval", maxPollInterval);
    return this;
  }

  public Duration getVisibilityTimeout() {
    return visibilityTimeout;
  }

  /**
   * How long a received message stays hidden before it is delivered again if not processed (default
   * 15 s). Messages are renewed while held (a long activity's work item too), so this bounds only
   * how long the messages a dead process held stay hidden: the recovery time after a crash.
   */
  public BatonOptions setVisibilityTimeout(Duration visibilityTimeout) {
    this.visibilityTimeout = positive("visibilityTimeout", visibilityTimeout);
    return this;
  }

  public Duration getLeaseDuration() {
    return leaseDuration;
  }

  /** How long a partition lease lasts without renewal (default 15 s). */
  public BatonOptions setLeaseDuration(Duration leaseDuration) {
    this.leaseDuration = positive("leaseDuration", leaseDuration);
    return this;
  }

  public Duration getLeaseRenewInterval() {
    return leaseRenewInterval;
  }

  /** How often leases are renewed and free partitions sought (default 5 s). */
  public BatonOptions setLeaseRenewInterval(Duration leaseRenewInterval) {
    this.leaseRenewInterval = positive("leaseRenewInterval", leaseRenewInterval);
    return this;
  }

  public int getMaxDequeueCount() {
    return maxDequeueCount;
  }

  /** Deliveries after which a message that keeps failing is set aside as poison (default 10). */
  public BatonOptions setMaxDequeueCount(int maxDequeueCount) {
    if (maxDequeueCount < 1) {
      throw invalid("maxDequeueCount must be at least 1, got " + maxDequeueCount);
    }
    this.maxDequeueCount = maxDequeueCount;
    return this;
  }

  public boolean isLocalActivities() {
    return localActivities;
  }

  /**
   * Whether an activity that a partition schedules runs on this engine without the work-item queue
   * (default true): at once while an activity slot is free, else after waiting here for one (up to
   * 16 calls per slot, each for up to 200 ms, after which it is sent through the queue). Its result
   * is stored before the message of the episode that called it is deleted; after a crash that
   * message is delivered again and the calls still open are sent through the queue. When false, or
   * when no more calls may wait, work items go through the queue, where any engine's workers take
   * them.
   */
  public BatonOptions setLocalActivities(boolean localActivities) {
    this.localActivities = localActivities;
    return this;
  }

  public boolean isActivityCarriers() {
    return activityCarriers;
  }

  /**
   * Whether activities that start while few others run in the JVM (fewer than half the processors,
   * at least one) get Baton's own carrier threads (default true), where the JVM lets Baton choose a
   * virtual thread's scheduler (JDK 24+ with {@code --add-opens=java.base/java.lang=ALL-UNNAMED}).
   * A carrier left without work keeps looking for the next such activity for up to 50 µs, yielding
   * its CPU meanwhile, so the steps of a chain each skip a thread's wake-up; the other activities
   * run on the JDK's default scheduler. False runs every activity on the default scheduler: for a
   * host where no CPU may be spent waiting awake. An activity registered with {@code
   * ActivityOptions.onEventLoop()} is carried by its partition's event loop either way.
   */
  public BatonOptions setActivityCarriers(boolean activityCarriers) {
    this.activityCarriers = activityCarriers;
    return this;
  }

  public boolean isOrchestrationsOnEventLoop() {
    return orchestrationsOnEventLoop;
  }

  /**
   * Whether orchestrator and entity code runs on its partition's event loop between awaits (default
   * true). This needs JDK 24 or later (earlier JDKs pin a virtual thread that waits inside {@code
   * synchronized} to its carrier, which would stall the event loop) and the JVM option {@code
   * --add-opens=java.base/java.lang=ALL-UNNAMED}; without them, or when false, the code runs on the
   * JDK's default virtual-thread scheduler, with the same results and one thread hand-off more per
   * episode. {@code Baton.effectiveOptions()} reports the choice in effect. Orchestrator code must
   * not block either way.
   */
  public BatonOptions setOrchestrationsOnEventLoop(boolean orchestrationsOnEventLoop) {
    this.orchestrationsOnEventLoop = orchestrationsOnEventLoop;
    return this;
  }

  public Duration getMaxUserCodeStepTime() {
    return maxUserCodeStepTime;
  }

  /**
   * How long orchestrator or entity code may run without awaiting (without parking its virtual
   * thread) before the engine logs a warning with the instance id and the code's stack (default 2
   * s), as Vert.x's blocked-thread checker does for event loops. On the event loops such code also
   * holds its loop; elsewhere it holds a carrier thread.
   */
  public BatonOptions setMaxUserCodeStepTime(Duration maxUserCodeStepTime) {
    this.maxUserCodeStepTime = positive("maxUserCodeStepTime", maxUserCodeStepTime);
    return this;
  }

  public int getMaxEntityBatchSize() {
    return maxEntityBatchSize;
  }

  /**
   * Messages an entity applies in one episode and commits in one write (1 to 100,000, default
   * 1,000); more waiting messages go to the next episode.
   */
  public BatonOptions setMaxEntityBatchSize(int maxEntityBatchSize) {
    if (maxEntityBatchSize < 1 || maxEntityBatchSize > 100_000) {
      throw invalid("maxEntityBatchSize must be between 1 and 100000, got " + maxEntityBatchSize);
    }
    this.maxEntityBatchSize = maxEntityBatchSize;
    return this;
  }

  public Clock getClock() {
    return clock;
  }

  /** The clock for orchestration time and timers (default UTC system clock). */
  public BatonOptions setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  public String getEngineId() {
    return engineId;
  }

  /**
   * This engine's identity in the task hub's partition leases (default {@code null}: a new random
   * one per start). A stable id, unique among the live engines of the hub (e.g. a pod's or a host's
   * name), lets a restarted process take back the partitions its previous run held at once, instead
   * of after their leases lapse, as Durable Functions' worker id does. 1 to 100 letters, digits and
   * {@code . _ : -}. Two live engines must never share one.
   */
  public BatonOptions setEngineId(String engineId) {
    if (engineId != null && !engineId.matches("[A-Za-z0-9._:-]{1,100}")) {
      throw invalid(
          "engineId must be 1 to 100 letters, digits, '.', '_', ':' or '-', got '"
              + engineId
              + "'");
    }
    this.engineId = engineId;
    return this;
  }

  /** Checks relations between options. */
  public void validate() {
    if (leaseRenewInterval.compareTo(leaseDuration) >= 0) {
      throw invalid(
          "leaseRenewInterval ("
              + leaseRenewInterval
              + ") must be shorter than leaseDuration ("
              + leaseDuration
              + ")");
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("taskHub", taskHub)
        .put("partitionCount", partitionCount)
        .put("activityConcurrency", activityConcurrency)
        .put("cacheSize", cacheSize)
        .put("cacheMaxBytes", cacheMaxBytes)
        .put("cacheIdleTimeoutMs", cacheIdleTimeout.toMillis())
        .put("maxUserCodeStepTimeMs", maxUserCodeStepTime.toMillis())
        .put("controlBatchSize", controlBatchSize)
        .put("maxPollIntervalMs", maxPollInterval == null ? null : maxPollInterval.toMillis())
        .put("visibilityTimeoutMs", visibilityTimeout.toMillis())
        .put("leaseDurationMs", leaseDuration.toMillis())
        .put("leaseRenewIntervalMs", leaseRenewInterval.toMillis())
        .put("maxDequeueCount", maxDequeueCount)
        .put("orchestrationsOnEventLoop", orchestrationsOnEventLoop)
        .put("localActivities", localActivities)
        .put("activityCarriers", activityCarriers)
        .put("maxEntityBatchSize", maxEntityBatchSize)
        .put("engineId", engineId)
        .put("versioning", versioning.toJson());
  }

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw invalid(name + " must be positive, got " + d);
    }
    return d;
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
