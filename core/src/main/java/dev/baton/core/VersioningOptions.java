package dev.baton.core;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/**
 * Which orchestration versions an engine runs, and what it does with the others; part of {@link
 * BatonOptions#setVersioning}. {@code defaultVersion} is given to instances a client starts without
 * one. {@code version} is the version of the code this engine runs; the {@link MatchStrategy} says
 * which instance versions it accepts (by default all, as before versioning was configured), and the
 * {@link FailureStrategy} what happens to an instance it does not accept: left as it is, its
 * messages kept in the queue for an engine that runs its version, or failed with {@code
 * VERSION_MISMATCH}. The check is made before every run of orchestrator code, so an engine never
 * replays an instance of a version it does not accept; terminating such an instance still works.
 *
 * <pre>{@code
 * new BatonOptions().setVersioning(new VersioningOptions()
 *     .setVersion("2.1").setDefaultVersion("2.1")
 *     .setMatchStrategy(VersioningOptions.MatchStrategy.CURRENT_OR_OLDER)
 *     .setFailureStrategy(VersioningOptions.FailureStrategy.FAIL));
 * }</pre>
 */
public final class VersioningOptions {

  /** Which instance versions an engine accepts. */
  public enum MatchStrategy {
    /** Every version, whatever the engine's. */
    NONE,
    /** Only the engine's version ({@code null} matches only instances without a version). */
    STRICT,
    /**
     * The engine's version and older ones: versions compare part by part on {@code .}, numerically
     * where both parts are numbers ({@code 1.10 > 1.9}), else as text; no version is the oldest.
     */
    CURRENT_OR_OLDER
  }

  /** What happens to an instance whose version the engine does not accept. */
  public enum FailureStrategy {
    /**
     * It is not processed and stays as it is: its messages go back to the queue, to be looked at
     * again after {@code recheckInterval}, by this engine or by another that runs its version.
     */
    LEAVE,
    /** It fails, with a failure that names both versions ({@code VERSION_MISMATCH}). */
    FAIL
  }

  public static final MatchStrategy DEFAULT_MATCH_STRATEGY = MatchStrategy.NONE;
  public static final FailureStrategy DEFAULT_FAILURE_STRATEGY = FailureStrategy.LEAVE;
  public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(30);

  private String version;
  private String defaultVersion;
  private MatchStrategy matchStrategy = DEFAULT_MATCH_STRATEGY;
  private FailureStrategy failureStrategy = DEFAULT_FAILURE_STRATEGY;
  private Duration recheckInterval = DEFAULT_RECHECK_INTERVAL;

  public VersioningOptions() {}

  /**
   * Options from JSON: {@code version}, {@code defaultVersion}, {@code matchStrategy}, {@code
   * failureStrategy} (enum names, any case), {@code recheckIntervalMs}.
   */
  public VersioningOptions(JsonObject json) {
    try {
      setVersion(json.getString("version"));
      setDefaultVersion(json.getString("defaultVersion"));
      setMatchStrategy(
          MatchStrategy.valueOf(
              json.getString("matchStrategy", DEFAULT_MATCH_STRATEGY.name())
                  .toUpperCase(Locale.ROOT)));
      setFailureStrategy(
          FailureStrategy.valueOf(
              json.getString("failureStrategy", DEFAULT_FAILURE_STRATEGY.name())
                  .toUpperCase(Locale.ROOT)));
      setRecheckInterval(
          Duration.ofMillis(
              json.getLong("recheckIntervalMs", DEFAULT_RECHECK_INTERVAL.toMillis())));
    } catch (ClassCastException | IllegalArgumentException e) {
      if (e instanceof BatonException b) {
        throw b;
      }
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid versioning options "
              + json.encode()
              + ": "
              + e.getMessage()
              + " (strategies: "
              + java.util.Arrays.toString(MatchStrategy.values())
              + ", "
              + java.util.Arrays.toString(FailureStrategy.values())
              + ")");
    }
  }

  public String getVersion() {
    return version;
  }

  /** The version of the code this engine runs ({@code null}: none). */
  public VersioningOptions setVersion(String version) {
    this.version = version;
    return this;
  }

  public String getDefaultVersion() {
    return defaultVersion;
  }

  /** The version of instances a client starts without one ({@code null}: they have none). */
  public VersioningOptions setDefaultVersion(String defaultVersion) {
    this.defaultVersion = defaultVersion;
    return this;
  }

  public MatchStrategy getMatchStrategy() {
    return matchStrategy;
  }

  /** Which instance versions this engine runs (default {@link MatchStrategy#NONE}: all). */
  public VersioningOptions setMatchStrategy(MatchStrategy matchStrategy) {
    if (matchStrategy == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "matchStrategy must not be null");
    }
    this.matchStrategy = matchStrategy;
    return this;
  }

  public FailureStrategy getFailureStrategy() {
    return failureStrategy;
  }

  /** What happens to an instance of another version (default {@link FailureStrategy#LEAVE}). */
  public VersioningOptions setFailureStrategy(FailureStrategy failureStrategy) {
    if (failureStrategy == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "failureStrategy must not be null");
    }
    this.failureStrategy = failureStrategy;
    return this;
  }

  public Duration getRecheckInterval() {
    return recheckInterval;
  }

  /** How long a left instance's messages wait in the queue before they are looked at again. */
  public VersioningOptions setRecheckInterval(Duration recheckInterval) {
    if (recheckInterval == null || recheckInterval.isNegative() || recheckInterval.isZero()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "recheckInterval must be positive, got " + recheckInterval);
    }
    this.recheckInterval = recheckInterval;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("version", version)
        .put("defaultVersion", defaultVersion)
        .put("matchStrategy", matchStrategy.name())
        .put("failureStrategy", failureStrategy.name())
        .put("recheckIntervalMs", recheckInterval.toMillis());
  }
}
