package dev.baton.web.stream;

import dev.baton.core.client.StartOptions;
import java.util.Objects;

/**
 * What a stream trigger does for one item: the value its mapping function returns. A mapping may
 * return {@code null} to let an item pass without action.
 *
 * <pre>{@code
 * item -> DurableAction.startOrchestration("process_order", item.body(),
 *     new StartOptions().setInstanceId("order-" + item.headers().get("id")))
 * }</pre>
 */
public sealed interface DurableAction {

  /** Starts {@code orchestrator} with {@code input} and a random instance id. */
  static DurableAction startOrchestration(String orchestrator, Object input) {
    return new StartOrchestration(orchestrator, input, null);
  }

  /**
   * Starts {@code orchestrator} with {@code input}. Give an instance id derived from the item to
   * make a redelivered item harmless: while that instance runs, a second start of it counts as
   * delivered.
   */
  static DurableAction startOrchestration(String orchestrator, Object input, StartOptions options) {
    return new StartOrchestration(orchestrator, input, options);
  }

  /**
   * Starts an orchestration instance.
   *
   * @param orchestrator the registered orchestrator name
   * @param input the input, or {@code null}
   * @param options start options, or {@code null} for a random id
   */
  record StartOrchestration(String orchestrator, Object input, StartOptions options)
      implements DurableAction {
    public StartOrchestration {
      Objects.requireNonNull(orchestrator, "orchestrator");
    }
  }
}
