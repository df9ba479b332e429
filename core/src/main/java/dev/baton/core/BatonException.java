package dev.baton.core;

import java.util.Objects;

/**
 * An error reported by Baton, with a stable {@link ErrorCode}. Its message starts with the code,
 * e.g. {@code BATON-102 unknown orchestrator 'charge': register it with addOrchestrator("charge",
 * ...)}.
 */
public class BatonException extends RuntimeException {

  private final ErrorCode code;
  private final transient FailureDetails details;

  public BatonException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public BatonException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, null);
  }

  /**
   * @param details the failure details this error reports (e.g. an activity's failure), or {@code
   *     null}
   */
  public BatonException(ErrorCode code, String message, Throwable cause, FailureDetails details) {
    super(Objects.requireNonNull(code, "code").code() + " " + message, cause);
    this.code = code;
    this.details = details;
  }

  /** The stable code of this error. */
  public ErrorCode code() {
    return code;
  }

  /** The failure details this error carries, or {@code null}. */
  public FailureDetails details() {
    return details;
  }
}
