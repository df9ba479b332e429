package dev.baton.web.stream;

import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import java.util.Objects;

/**
 * What a stream trigger does for one item: the value its mapping function returns. A mapping may
 * return {@code null} to let an item pass without action.
 *
 * <pre>{@code
 * item -> DurableAction.startOrchestration("process_order", item.body(),
 *     new StartOptions().setInstanceId("order-" + item.headers().get("id")))
 * item -> DurableAction.signalEntity(EntityId.of("counter", item.body().getString("key")),
 *     "add", item.body().getInteger("amount"))
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
   * Signals {@code operation} with {@code input} to an entity. A signal is delivered at least once:
   * when the engine fails without saying whether it stored a signal, the signal is sent again.
   */
  static DurableAction signalEntity(EntityId entity, String operation, Object input) {
    return new SignalEntity(entity, operation, input);
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

  /**
   * Signals an operation to an entity.
   *
   * @param entity the entity
   * @param operation the operation's name
   * @param input the operation's input, or {@code null}
   */
  record SignalEntity(EntityId entity, String operation, Object input) implements DurableAction {
    public SignalEntity {
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(operation, "operation");
    }
  }
}
