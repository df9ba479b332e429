package dev.baton.core.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityIdTest {

  private static String rejected(String name, String key) {
    var e = assertThrows(BatonException.class, () -> EntityId.of(name, key));
    assertEquals(ErrorCode.INVALID_ENTITY_ID, e.code());
    return e.getMessage();
  }

  @Test
  void namesIgnoreCaseAndKeysDoNot() {
    EntityId id = EntityId.of("Counter", "User-42");
    assertEquals("counter", id.name());
    assertEquals("User-42", id.key());
    assertEquals("@counter@User-42", id.instanceId());
    assertEquals(id, EntityId.of("COUNTER", "User-42"));
    assertEquals(id, EntityId.fromInstanceId("@counter@User-42"));
  }

  @Test
  void aKeyMayHoldAnAtSignButANameMayNot() {
    EntityId id = EntityId.of("mail", "someone@example.com");
    assertEquals(id, EntityId.fromInstanceId(id.instanceId()));
    assertTrue(rejected("a@b", "k").contains("contains '@'"));
  }

  @Test
  void theEmptyKeyIsTheEntityNameAtSign() {
    EntityId empty = EntityId.of("Counter", "");
    assertEquals("", empty.key());
    assertEquals("@counter@", empty.instanceId());
    assertEquals(empty, EntityId.fromInstanceId("@counter@"));
    assertEquals(dev.baton.core.impl.InstanceIds.validate("@counter@"), empty.instanceId());
  }

  @Test
  void nullAndOverLongKeysAreRefusedSayingWhy() {
    assertTrue(rejected("counter", null).contains("must not be null"));
    String message = rejected("counter", "k".repeat(300));
    assertTrue(message.contains("300 characters long; at most 247 fit"), message);
    assertEquals(247, EntityId.of("counter", "k".repeat(247)).key().length());
  }

  @Test
  void anyCharacterIsAllowedButLeadingOrTrailingWhiteSpace() {
    for (String key : List.of("a/b", "a#b", "a?b", "a\\b", "tab\there", "a\u0001b", "^")) {
      assertEquals("@counter@" + key, EntityId.of("counter", key).instanceId(), key);
      assertEquals(EntityId.of("counter", key), EntityId.fromInstanceId("@counter@" + key));
    }
    assertEquals("count?er/x", EntityId.of("Count?er/X", "k").name());
    assertTrue(rejected(" ", "k").contains("blank"));
    assertTrue(rejected("counter", " k").contains("white space"));
    assertTrue(rejected("counter", "k\n").contains("white space"));
  }

  @Test
  void instanceIdsThatAreNotEntitiesAreRefused() {
    var e = assertThrows(BatonException.class, () -> EntityId.fromInstanceId("order-1"));
    assertEquals(ErrorCode.INVALID_ENTITY_ID, e.code());
    assertThrows(BatonException.class, () -> EntityId.fromInstanceId("@counter"));
  }
}
