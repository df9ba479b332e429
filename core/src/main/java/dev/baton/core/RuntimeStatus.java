package dev.baton.core;

/**
 * The runtime status of an orchestration instance, with the names Durable Functions uses on the
 * wire.
 *
 * <pre>{@code
 * Pending -> Running -> Completed | Failed | Terminated | ContinuedAsNew
 *            Running <-> Suspended
 * }</pre>
 */
public enum RuntimeStatus {
  /** Scheduled; its first episode has not run yet. */
  PENDING("Pending"),
  /** Started and not finished. */
  RUNNING("Running"),
  /** Finished with an output. */
  COMPLETED("Completed"),
  /** Restarted with new input by {@code continueAsNew}; a new execution follows. */
  CONTINUED_AS_NEW("ContinuedAsNew"),
  /** Finished by an uncaught failure; the instance carries its {@link FailureDetails}. */
  FAILED("Failed"),
  /** Canceled before it ran. */
  CANCELED("Canceled"),
  /** Stopped by a terminate request. */
  TERMINATED("Terminated"),
  /** Paused by a suspend request; events are kept until it is resumed. */
  SUSPENDED("Suspended");

  private final String wireName;

  RuntimeStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The Durable Functions name of this status, e.g. {@code "Running"}. */
  public String wireName() {
    return wireName;
  }

  /** Whether an instance in this status is done: Completed, Failed, Canceled or Terminated. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == CANCELED || this == TERMINATED;
  }

  /**
   * Parses a wire name (case-insensitive) or an enum constant name.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is none
   */
  public static RuntimeStatus parse(String name) {
    for (RuntimeStatus s : values()) {
      if (s.wireName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown runtime status '"
            + name
            + "'; expected one of Pending, Running, Completed, ContinuedAsNew, Failed,"
            + " Canceled, Terminated, Suspended");
  }
}
