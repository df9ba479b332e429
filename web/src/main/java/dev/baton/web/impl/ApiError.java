package dev.baton.web.impl;

import dev.baton.core.ErrorCode;

/**
 * An HTTP error the API answers with: an {@link ErrorCode}, the HTTP status it maps to ({@link
 * ErrorCode#httpStatus()}, or the one Durable Functions' API prescribes for a route) and a message
 * saying what to do. It carries no stack trace; nothing of it but the code and message reaches the
 * caller.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final ErrorCode code;

  /** An error answered with its code's status. */
  public ApiError(ErrorCode code, String message) {
    this(code.httpStatus(), code, message);
  }

  /**
   * An error answered with {@code status} rather than its code's: where Durable Functions' API
   * prescribes another for the route (410 for a finished instance, 412 for a purge of a running
   * one), or Vert.x Web refused the request with a status of its own.
   */
  public ApiError(int status, ErrorCode code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** The code as the error body carries it, e.g. {@code BATON-112}. */
  public String code() {
    return code.code();
  }

  public ErrorCode errorCode() {
    return code;
  }

  static ApiError badRequest(String message) {
    return new ApiError(ErrorCode.INVALID_ARGUMENT, message);
  }
}
