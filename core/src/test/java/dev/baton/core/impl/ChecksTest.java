package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void aPassingCheckSucceedsAndAFailingOneBecomesTheFailure() {
    assertTrue(Checks.check(() -> {}).succeeded());
    var bad = new BatonException(ErrorCode.INVALID_ARGUMENT, "bad id");
    var failed =
        Checks.check(
            () -> {
              throw bad;
            });
    assertTrue(failed.failed());
    assertSame(bad, failed.cause(), "the check's own exception, not a wrapper");
  }

  @Test
  void attemptCarriesTheValueOrTheFailure() {
    assertEquals("x", Checks.attempt(() -> "x").result());
    var failed = Checks.attempt(() -> Integer.parseInt("not a number"));
    assertTrue(failed.cause() instanceof NumberFormatException, String.valueOf(failed.cause()));
  }
}
