package dev.baton.core;

/**
 * The stable codes of the errors Baton reports. A code never changes meaning; messages may be
 * reworded. Each message says what happened and what to do.
 */
public enum ErrorCode {
  /** Orchestrator code did something other than what its history records. */
  NON_DETERMINISTIC("BATON-101"),
  /** No orchestrator is registered under the name. */
  UNKNOWN_ORCHESTRATOR("BATON-102"),
  /** No activity is registered under the name. */
  UNKNOWN_ACTIVITY("BATON-103"),
  /** An instance with this id exists and is not finished. */
  INSTANCE_EXISTS("BATON-104"),
  /** The instance id is null, empty, too long or holds a character a store cannot key. */
  INVALID_INSTANCE_ID("BATON-105"),
  /** A value could not be serialized by the data converter. */
  SERIALIZATION("BATON-106"),
  /** A payload could not be read as the requested type. */
  DESERIALIZATION("BATON-107"),
  /** No instance has this id. */
  INSTANCE_NOT_FOUND("BATON-108"),
  /**
   * A wait ran out of time: a client waiting for an instance to reach a state, or orchestrator code
   * waiting for an external event with a timeout.
   */
  TIMEOUT("BATON-109"),
  /** The instance is not in a state that allows the operation. */
  INVALID_STATE("BATON-110"),
  /** The engine is not running (not started yet, or closed). */
  NOT_RUNNING("BATON-111"),
  /** An argument or option is out of range. */
  INVALID_ARGUMENT("BATON-112"),
  /** A store operation failed; the operation can be retried. */
  STORE("BATON-113"),
  /** A message failed too often and was moved aside. */
  POISON_MESSAGE("BATON-114"),
  /** An orchestration called something orchestration code must not do. */
  ILLEGAL_ORCHESTRATION_CALL("BATON-115"),
  /** A durable call made by an orchestration failed. */
  TASK_FAILED("BATON-116"),
  /**
   * The instance's version is not one this engine runs (see {@code VersioningOptions}); the
   * instance was failed.
   */
  VERSION_MISMATCH("BATON-117"),
  /** No entity is registered under the name. */
  UNKNOWN_ENTITY("BATON-201"),
  /** The entity has no operation of this name. */
  UNKNOWN_ENTITY_OPERATION("BATON-202"),
  /** The entity name or key is null, empty, too long or holds a character a store cannot key. */
  INVALID_ENTITY_ID("BATON-203"),
  /** An orchestration broke a rule of critical sections (nesting, calls or signals inside). */
  ENTITY_LOCK_VIOLATION("BATON-204");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The code as printed, e.g. {@code BATON-101}. */
  public String code() {
    return code;
  }

  /**
   * Whether the error lies in what the caller sent (a name, an id, an argument, a payload), so
   * sending it again cannot succeed: an HTTP API answers 400 for it, a stream trigger drops the
   * item instead of retrying.
   */
  public boolean isBadInput() {
    return switch (this) {
      case UNKNOWN_ORCHESTRATOR,
          UNKNOWN_ACTIVITY,
          INVALID_INSTANCE_ID,
          SERIALIZATION,
          DESERIALIZATION,
          INVALID_ARGUMENT,
          UNKNOWN_ENTITY,
          UNKNOWN_ENTITY_OPERATION,
          INVALID_ENTITY_ID ->
          true;
      default -> false;
    };
  }
}
