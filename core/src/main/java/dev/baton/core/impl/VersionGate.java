package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.BatonOptions;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.VersioningOptions;
import dev.baton.core.VersioningOptions.MatchStrategy;
import dev.baton.core.history.HistoryEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether an engine runs an instance of a given version, by its {@link VersioningOptions}: a pure
 * check made before every run of orchestrator code.
 */
final class VersionGate {

  private static final System.Logger LOG = System.getLogger(VersionGate.class.getName());

  private VersionGate() {}

  /** Whether a refused instance is left as it is (else it fails). */
  static boolean leaves(VersioningOptions options) {
    return options.getFailureStrategy() == VersioningOptions.FailureStrategy.LEAVE;
  }

  /** The end of an instance failed for its version. */
  static HistoryEvent.ExecutionCompleted failed(Instant now, String refusal) {
    return new HistoryEvent.ExecutionCompleted(
        now,
        RuntimeStatus.FAILED,
        null,
        new FailureDetails(BatonException.class.getName(), refusal, "", null));
  }

  /**
   * Why {@code options} refuse an instance of {@code version}, or {@code null} when they accept.
   */
  static String refusal(VersioningOptions options, String name, String version) {
    MatchStrategy match = options.getMatchStrategy();
    String mine = options.getVersion();
    boolean accepted =
        switch (match) {
          case NONE -> true;
          case STRICT -> java.util.Objects.equals(blank(version), blank(mine));
          case CURRENT_OR_OLDER -> compare(version, mine) <= 0;
        };
    if (accepted) {
      return null;
    }
    return ErrorCode.VERSION_MISMATCH.code()
        + " version mismatch: the instance of '"
        + name
        + "' has "
        + describe(version)
        + ", this engine runs "
        + describe(mine)
        + " and accepts "
        + (match == MatchStrategy.STRICT ? "only that version" : "that version or older ones")
        + "; run it on an engine of its version, or terminate it";
  }

  /** Logs that an instance's messages go back for later; returns how much later. */
  static Duration left(BatonOptions options, String instanceId, String refusal) {
    Duration recheck = options.getVersioning().getRecheckInterval();
    LOG.log(
        System.Logger.Level.INFO,
        "left '"
            + LogSafe.text(instanceId)
            + "' as it is, looked at again in "
            + recheck
            + ": "
            + LogSafe.text(refusal));
    return recheck;
  }

  /**
   * Orders two versions: part by part on {@code .}, numerically where both parts are numbers, else
   * as text; a missing part or version is older.
   */
  static int compare(String a, String b) {
    String x = blank(a);
    String y = blank(b);
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    String[] xs = x.split("\\.", -1);
    String[] ys = y.split("\\.", -1);
    for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
      if (i >= xs.length) {
        return -1;
      }
      if (i >= ys.length) {
        return 1;
      }
      int c = part(xs[i], ys[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int part(String a, String b) {
    if (!a.isEmpty()
        && !b.isEmpty()
        && a.chars().allMatch(Character::isDigit)
        && b.chars().allMatch(Character::isDigit)) {
      return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
    }
    return a.compareTo(b);
  }

  private static String blank(String version) {
    return version == null || version.isEmpty() ? null : version;
  }

  private static String describe(String version) {
    return blank(version) == null ? "no version" : "version '" + version + "'";
  }
}
