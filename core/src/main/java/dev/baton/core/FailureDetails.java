package dev.baton.core;

import java.util.Objects;

/**
 * What went wrong in an activity, orchestration or entity operation: the exception type, its
 * message, its stack trace as text and, when there was one, the details of its cause.
 *
 * @param type the fully qualified class name of the failure (or an engine error code type)
 * @param message the failure's message, possibly empty
 * @param stackTrace the stack trace as text, possibly empty
 * @param cause the cause's details, or {@code null}
 */
public record FailureDetails(String type, String message, String stackTrace, FailureDetails cause) {

  public FailureDetails {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  /** The details of {@code t}, its causes included (at most 8 deep). */
  public static FailureDetails from(Throwable t) {
    return from(t, 0);
  }

  private static FailureDetails from(Throwable t, int depth) {
    var sw = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(sw));
    FailureDetails cause;
    if (t instanceof BatonException be && be.details() != null) {
      cause = be.details(); // e.g. the activity failure behind a TaskFailedException
    } else if (t.getCause() != null && t.getCause() != t && depth < 8) {
      cause = from(t.getCause(), depth + 1);
    } else {
      cause = null;
    }
    return new FailureDetails(t.getClass().getName(), t.getMessage(), sw.toString(), cause);
  }

  /** Whether this failure, or one of its causes, has the type {@code type}. */
  public boolean isCausedBy(Class<? extends Throwable> type) {
    for (FailureDetails d = this; d != null; d = d.cause) {
      if (d.type.equals(type.getName())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return type + ": " + message;
  }
}
