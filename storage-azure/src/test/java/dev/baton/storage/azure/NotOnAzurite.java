package dev.baton.storage.azure;

import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests of core's engine suites that the Azure bindings do not run, each with the reason, which
 * JUnit reports as the test's skip reason. None hides a failure of the Azure backend: each assumes
 * something only the memory store does.
 */
final class NotOnAzurite implements ExecutionCondition {

  private static final Map<String, String> SKIPPED =
      Map.of(
          "duplicatedAndRedeliveredSignalsRunOnceEachInTheOrderEachSenderSentThem",
          "its end condition, every control queue empty, holds only on a FIFO queue: an Azure"
              + " queue delivers out of order, a signal that overtakes an earlier one from its"
              + " sender makes the entity arm a wake-up at the end of the reorder window (10"
              + " minutes), and that delayed message stays queued after the gap is filled");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = context.getTestMethod().map(m -> SKIPPED.get(m.getName())).orElse(null);
    return reason == null
        ? ConditionEvaluationResult.enabled("runs on Azurite")
        : ConditionEvaluationResult.disabled("not on Azurite: " + reason);
  }
}
