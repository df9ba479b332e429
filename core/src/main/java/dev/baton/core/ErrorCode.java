package dev.baton.core;

/**
 * The stable codes of the errors Baton reports: the one vocabulary of the engine, the client, the
 * storage SPI (each {@link dev.baton.core.spi.StoreException.Reason} has its code) and the HTTP API
 * (every error body carries one, answered with its {@link #httpStatus()}). A code never changes
 * meaning; messages may be reworded. Each message says what happened and what to do.
 *
 * <pre>{@code
 * if (failure instanceof BatonException e && e.code() == ErrorCode.INSTANCE_EXISTS) { ... }
 * }</pre>
 */
public enum ErrorCode {
  /** Orchestrator code did something other than what its history records. */
  NON_DETERMINISTIC("BATON-101", 500),
  /** No orchestrator is registered under the name. */
  UNKNOWN_ORCHESTRATOR("BATON-102", 400),
  /** No activity is registered under the name. */
  UNKNOWN_ACTIVITY("BATON-103", 400),
  /** An instance with this id exists and is not finished. */
  INSTANCE_EXISTS("BATON-104", 409),
  /**
   * The instance id is null, empty, too long or has leading or trailing white space (any other
   * character is allowed: a store escapes what it cannot key).
   */
  INVALID_INSTANCE_ID("BATON-105", 400),
  /** A value could not be serialized by the data converter. */
  SERIALIZATION("BATON-106", 400),
  /** A payload could not be read as the requested type. */
  DESERIALIZATION("BATON-107", 400),
  /** No instance has this id. */
  INSTANCE_NOT_FOUND("BATON-108", 404),
  /**
   * A wait ran out of time: a client waiting for an instance to reach a state, or orchestrator code
   * waiting for an external event with a timeout.
   */
  TIMEOUT("BATON-109", 504),
  /** The instance is not in a state that allows the operation. */
  INVALID_STATE("BATON-110", 409),
  /** The engine is not running (not started yet, or closed). */
  NOT_RUNNING("BATON-111", 503),
  /** An argument, option, query parameter or header is out of range or malformed. */
  INVALID_ARGUMENT("BATON-112", 400),
  /** A store could not be reached or failed; the operation can be retried. */
  STORE("BATON-113", 503),
  /** A message failed too often and was moved aside. */
  POISON_MESSAGE("BATON-114", 500),
  /** An orchestration called something orchestration code must not do. */
  ILLEGAL_ORCHESTRATION_CALL("BATON-115", 500),
  /** A durable call made by an orchestration failed. */
  TASK_FAILED("BATON-116", 500),
  /**
   * The instance's version is not one this engine runs (see {@code VersioningOptions}); the
   * instance was failed.
   */
  VERSION_MISMATCH("BATON-117", 500),
  /** A request body or payload is not valid JSON. */
  INVALID_JSON("BATON-118", 400),
  /** A request without a valid key or identity. */
  UNAUTHORIZED("BATON-119", 401),
  /** A request that may not do this: cross-site, from an untrusted host, or not permitted. */
  FORBIDDEN("BATON-120", 403),
  /** Nothing is served at this path. */
  NOT_FOUND("BATON-121", 404),
  /** A request body, or a value for a store, is over its limit. */
  PAYLOAD_TOO_LARGE("BATON-122", 413),
  /** Something nobody expected; the details are in the server's log only. */
  INTERNAL("BATON-123", 500),
  /**
   * Another writer changed, created or removed the same stored item first (a stale ETag or receipt,
   * a create of an existing item); read it again and retry.
   */
  STORE_CONFLICT("BATON-124", 409),
  /** The backend cannot do this (e.g. rewind an instance). */
  UNSUPPORTED("BATON-125", 501),
  /**
   * The task hub in the store was written by another system (e.g. Durable Functions) or in a format
   * this Baton does not read; it is left untouched.
   */
  TASK_HUB_FORMAT("BATON-126", 409),
  /** No entity is registered under the name. */
  UNKNOWN_ENTITY("BATON-201", 400),
  /** The entity has no operation of this name. */
  UNKNOWN_ENTITY_OPERATION("BATON-202", 400),
  /**
   * The entity name is blank or holds {@code @}, or the name or key is null, too long or has
   * leading or trailing white space.
   */
  INVALID_ENTITY_ID("BATON-203", 400),
  /** An orchestration broke a rule of critical sections (nesting, calls or signals inside). */
  ENTITY_LOCK_VIOLATION("BATON-204", 409);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The code as printed, e.g. {@code BATON-101}. */
  public String code() {
    return code;
  }

  /**
   * The HTTP status an HTTP API answers this error with. Where Durable Functions' API prescribes
   * another for one route (410 for an event to a finished instance, 412 for purging a running one),
   * the route answers that one, with this code in the body.
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether the error lies in what the caller sent (a name, an id, an argument, a payload), so
   * sending it again cannot succeed: an HTTP API answers 400 for it, a stream trigger drops the
   * item instead of retrying.
   */
  public boolean isBadInput() {
    return httpStatus == 400;
  }

  /** The code printed as {@code code} ({@code BATON-117}), or {@code null} when none is. */
  public static ErrorCode of(String code) {
    for (ErrorCode c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    return null;
  }
}
