package dev.baton.core.impl.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.entity.EntityContext;
import org.junit.jupiter.api.Test;

class ClassEntityTest {

  public static class Good {
    public int n;

    public void inc() {
      n++;
    }

    public int add(int amount, EntityContext ctx) {
      return n += amount;
    }

    public String who(EntityContext ctx) {
      return ctx.entityId().key();
    }
  }

  public static class NoDefaultConstructor {
    public NoDefaultConstructor(int x) {}
  }

  public static class Overloaded {
    public void set(int x) {}

    public void set(String x) {}
  }

  public static class TooManyParameters {
    public void set(int a, int b) {}
  }

  public static class CaseClash {
    public void reset() {}

    public void Reset() {}
  }

  @Test
  void publicMethodsBecomeOperations() {
    var entity = ClassEntity.of(Good.class);
    assertEquals(java.util.Set.of("inc", "add", "who"), entity.operationNames());
  }

  @Test
  void unusableClassesAreRefusedAtRegistration() {
    assertRefused(NoDefaultConstructor.class, "needs a constructor without parameters");
    assertRefused(Overloaded.class, "two public methods are named 'set'");
    assertRefused(CaseClash.class, "two public methods are named");
    assertRefused(TooManyParameters.class, "may take an input and an EntityContext");
    assertRefused(Runnable.class, "cannot be instantiated");
  }

  private static void assertRefused(Class<?> type, String reason) {
    var e = assertThrows(BatonException.class, () -> ClassEntity.of(type));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
