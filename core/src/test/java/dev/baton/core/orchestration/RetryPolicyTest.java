package dev.baton.core.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Retry policies refuse impossible values at once, and compute their waits as documented. */
class RetryPolicyTest {

  @Test
  void impossibleValuesAreRefusedWithAClearMessage() {
    List<Executable> bad =
        List.of(
            () -> new RetryPolicy().setMaxAttempts(0),
            () -> new RetryPolicy().setFirstRetryInterval(Duration.ZERO),
            () -> new RetryPolicy().setFirstRetryInterval(Duration.ofSeconds(-1)),
            () -> new RetryPolicy().setFirstRetryInterval(null),
            () -> new RetryPolicy().setBackoffCoefficient(0.5),
            () -> new RetryPolicy().setBackoffCoefficient(Double.NaN),
            () -> new RetryPolicy().setBackoffCoefficient(Double.POSITIVE_INFINITY),
            () ->
                new RetryPolicy()
                    .setFirstRetryInterval(Duration.ofMinutes(1))
                    .setMaxRetryInterval(Duration.ofSeconds(1)),
            () -> new RetryPolicy().setRetryTimeout(Duration.ZERO),
            () -> new RetryPolicy(new JsonObject().put("maxAttempts", -2)));
    for (Executable e : bad) {
      var error = assertThrows(BatonException.class, e);
      assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
      assertTrue(error.getMessage().contains("invalid retry policy: "), error.getMessage());
    }
  }

  @Test
  void waitsGrowByTheCoefficientUpToTheMaximum() {
    var policy =
        new RetryPolicy()
            .setFirstRetryInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(3)
            .setMaxRetryInterval(Duration.ofSeconds(20));
    assertEquals(Duration.ofSeconds(1), policy.delayBeforeRetry(1));
    assertEquals(Duration.ofSeconds(9), policy.delayBeforeRetry(3));
    assertEquals(Duration.ofSeconds(20), policy.delayBeforeRetry(4));
    assertEquals(Duration.ofSeconds(20), policy.delayBeforeRetry(1000), "no overflow");
    assertEquals(policy, new RetryPolicy(policy.toJson()));
  }
}
