package dev.baton.core.entity;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.impl.InstanceIds;
import java.util.Locale;

/**
 * The address of a durable entity: its registered name and a key chosen by the caller, e.g. {@code
 * EntityId.of("counter", "user-42")}. Names are case-insensitive and kept in lower case; keys are
 * case-sensitive. The entity lives in the instance {@code @name@key}, so it is placed on a
 * partition like any instance.
 *
 * <p>Both parts follow the rules of instance ids (no leading or trailing white space; {@code / \ #
 * ?} and control characters are allowed); the name may not contain {@code @}; the key may be empty
 * (the entity {@code @name@}, which Durable Functions' HTTP API writes as the key {@code $}), and
 * the whole instance id fits in {@value InstanceIds#MAX_LENGTH} characters.
 *
 * @param name the entity's registered name, in lower case
 * @param key the key that tells this entity from the others of its name
 */
public record EntityId(String name, String key) {

  /**
   * Checks and normalises the parts.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ENTITY_ID} saying what is wrong
   */
  public EntityId {
    name = checkName(name);
    key = checkKey(name, key);
  }

  /** The entity {@code name} with {@code key}; see the record's rules. */
  public static EntityId of(String name, String key) {
    return new EntityId(name, key);
  }

  /**
   * The entity living in instance {@code instanceId} ({@code @name@key}).
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ENTITY_ID} when it is not an entity's id
   */
  public static EntityId fromInstanceId(String instanceId) {
    if (instanceId == null || !instanceId.startsWith("@") || instanceId.indexOf('@', 1) < 0) {
      throw invalid("'" + instanceId + "' is not an entity instance id; those read @name@key");
    }
    int at = instanceId.indexOf('@', 1);
    return new EntityId(instanceId.substring(1, at), instanceId.substring(at + 1));
  }

  /** The id of the instance that holds this entity: {@code @name@key}. */
  public String instanceId() {
    return "@" + name + "@" + key;
  }

  @Override
  public String toString() {
    return instanceId();
  }

  /**
   * Checks a name for use as an entity name and returns it in lower case.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ENTITY_ID} saying what is wrong
   */
  public static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw invalid("an entity name must not be null or blank");
    }
    if (name.indexOf('@') >= 0) {
      throw invalid("entity name '" + name + "' contains '@', which separates name and key");
    }
    checkChars("entity name", name);
    return name.toLowerCase(Locale.ROOT);
  }

  private static String checkKey(String name, String key) {
    if (key == null) {
      throw invalid("the key of an entity '" + name + "' must not be null (\"\" is the empty key)");
    }
    if (key.isEmpty()) {
      return key; // the instance id @name@ is a valid key on every store
    }
    int room = InstanceIds.MAX_LENGTH - name.length() - 2;
    if (key.length() > room) {
      throw invalid(
          "the key of an entity '"
              + name
              + "' is "
              + key.length()
              + " characters long; at most "
              + room
              + " fit, since the instance id @name@key is limited to "
              + InstanceIds.MAX_LENGTH);
    }
    checkChars("entity key", key);
    return key;
  }

  private static void checkChars(String what, String text) {
    try {
      InstanceIds.validate(text);
    } catch (BatonException e) {
      String reason = e.getMessage().substring(e.code().code().length() + 1);
      throw invalid(what + ": " + reason.replace("instance id", "text"));
    }
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ENTITY_ID, message);
  }
}
