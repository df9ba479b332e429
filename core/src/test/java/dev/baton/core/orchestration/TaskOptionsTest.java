package dev.baton.core.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Call options and retry decisions: their JSON forms, and refusal of impossible values. */
class TaskOptionsTest {

  @Test
  void optionsSurviveTheirJsonForm() {
    var task =
        new TaskOptions()
            .setRetryPolicy(new RetryPolicy().setMaxAttempts(4))
            .setTimeout(Duration.ofSeconds(30));
    assertEquals(task, new TaskOptions(task.toJson()));
    assertEquals(30_000L, task.toJson().getLong("timeoutMs"));
    var sub =
        new SubOrchestrationOptions()
            .setInstanceId("kid")
            .setVersion("2")
            .setTimeout(Duration.ofMinutes(1));
    assertEquals(sub, new SubOrchestrationOptions(sub.toJson()));
    assertEquals(
        new JsonObject().put("timeoutMs", 60_000L).put("instanceId", "kid").put("version", "2"),
        sub.toJson());
    assertFalse(sub.equals(new TaskOptions().setTimeout(Duration.ofMinutes(1))));
    assertNull(new TaskOptions(new JsonObject()).getTimeout());
  }

  @Test
  void impossibleValuesAreRefusedWithAClearMessage() {
    List<Executable> bad =
        List.of(
            () -> new TaskOptions().setTimeout(Duration.ZERO),
            () -> new SubOrchestrationOptions().setTimeout(Duration.ofSeconds(-1)),
            () -> new TaskOptions(new JsonObject().put("timeoutMs", -5)),
            () -> RetryDecision.retryAfter(null),
            () -> RetryDecision.retryAfter(Duration.ofMillis(-1)),
            () -> new RetryDecision(false, Duration.ofSeconds(1)));
    for (Executable e : bad) {
      var error = assertThrows(BatonException.class, e);
      assertEquals(ErrorCode.INVALID_ARGUMENT, error.code(), error.getMessage());
    }
    assertThrows(NullPointerException.class, () -> RetryHandler.retryIf(null));
  }

  @Test
  void retryIfTurnsAConditionIntoDecisionsWithThePolicysDelay() {
    RetryHandler handler = RetryHandler.retryIf(r -> r.attempt() < 3);
    var context = new RetryHandler.RetryContext(null, null, 2, Duration.ZERO, null);
    assertEquals(RetryDecision.retry(), handler.decide(context));
    assertTrue(handler.decide(context).shouldRetry());
    assertNull(handler.decide(context).delay(), "the policy's delay");
    var third = new RetryHandler.RetryContext(null, null, 3, Duration.ZERO, null);
    assertEquals(RetryDecision.stop(), handler.decide(third));
  }
}
