package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.spi.StoreException;
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

  @Test
  void aStoreFailureTakesItsReasonsCodeAndOthersAreStoreErrors() {
    var conflict = new StoreException(StoreException.Reason.CONFLICT, "etag stale");
    var mapped = (BatonException) Checks.storeError(conflict, "write 'a'");
    assertEquals(ErrorCode.STORE_CONFLICT, mapped.code());
    assertTrue(mapped.getMessage().contains("could not write 'a'"), mapped.getMessage());
    assertSame(conflict, mapped.getCause());
    var tooLarge = new StoreException(StoreException.Reason.TOO_LARGE, "over 64 KiB");
    assertEquals(
        ErrorCode.PAYLOAD_TOO_LARGE, ((BatonException) Checks.storeError(tooLarge, "x")).code());
    var other = new IllegalStateException("socket closed");
    assertEquals(ErrorCode.STORE, ((BatonException) Checks.storeError(other, "x")).code());
    var already = new BatonException(ErrorCode.INSTANCE_EXISTS, "taken");
    assertSame(already, Checks.storeError(already, "x"), "a Baton error stays as it is");
  }
}
