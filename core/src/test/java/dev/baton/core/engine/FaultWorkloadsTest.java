package dev.baton.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the fault suites' workloads retry a call, as a user would. */
class FaultWorkloadsTest {

  private static final Future<Void> LOST =
      Future.failedFuture(
          new StoreException(StoreException.Reason.UNAVAILABLE, "injected fault: answer lost"));

  private static final Future<Void> FINISHED =
      Future.failedFuture(
          new BatonException(
              ErrorCode.INVALID_STATE,
              "instance 'x' has already finished (Terminated); there is nothing to terminate"));

  @Test
  void aControlCallFoundAppliedByTheAttemptWhoseAnswerWasLostCountsAsDone() {
    var calls = new AtomicInteger();
    FaultWorkloads.controlRetrying(() -> calls.getAndIncrement() == 0 ? LOST : FINISHED);
    assertEquals(2, calls.get());
  }

  @Test
  void aControlCallRefusedAtItsFirstAttemptStillFails() {
    var e =
        assertThrows(BatonException.class, () -> FaultWorkloads.controlRetrying(() -> FINISHED));
    assertEquals(ErrorCode.INVALID_STATE, e.code());
    var other =
        Future.<Void>failedFuture(
            new BatonException(ErrorCode.INSTANCE_NOT_FOUND, "no instance 'x'"));
    var calls = new AtomicInteger();
    var notFound =
        assertThrows(
            BatonException.class,
            () ->
                FaultWorkloads.controlRetrying(() -> calls.getAndIncrement() == 0 ? LOST : other));
    assertEquals(
        ErrorCode.INSTANCE_NOT_FOUND, notFound.code(), "only a state refusal means it landed");
  }
}
