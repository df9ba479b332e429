package dev.baton.web.impl;

/**
 * An HTTP error the API answers with: a status, a stable code and a message saying what to do. It
 * carries no stack trace; nothing of it but the code and message reaches the caller.
 */
public final class ApiError extends RuntimeException {

  /** A request parameter or body that cannot be used. */
  public static final String BAD_REQUEST = "BAD_REQUEST";

  /** A body that is not valid JSON. */
  public static final String INVALID_JSON = "INVALID_JSON";

  /** A request without a valid key or identity. */
  public static final String UNAUTHORIZED = "UNAUTHORIZED";

  /** An authenticated request that may not do this. */
  public static final String FORBIDDEN = "FORBIDDEN";

  /** No route has this path. */
  public static final String NOT_FOUND = "NOT_FOUND";

  /** The body is over the limit. */
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";

  /** Anything the server did not expect; the details are in the server's log only. */
  public static final String INTERNAL = "INTERNAL";

  /** The engine is not running. */
  public static final String UNAVAILABLE = "UNAVAILABLE";

  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, BAD_REQUEST, message);
  }
}
