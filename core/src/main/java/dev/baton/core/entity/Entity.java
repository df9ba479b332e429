package dev.baton.core.entity;

import dev.baton.core.impl.entity.ClassEntity;

/**
 * A durable entity: a small piece of state with operations that run one at a time per {@link
 * EntityId}. Write it as a function that switches on the operation name, or as a class whose public
 * methods are the operations ({@link #ofClass}).
 *
 * <pre>{@code
 * Entity counter = ctx -> switch (ctx.operationName()) {
 *   case "add" -> {
 *     ctx.setState(ctx.state(Integer.class, () -> 0) + ctx.input(Integer.class));
 *     yield null;
 *   }
 *   case "get" -> ctx.state(Integer.class, () -> 0);
 *   case "delete" -> { ctx.deleteState(); yield null; }
 *   default -> throw new IllegalArgumentException("no operation " + ctx.operationName());
 * };
 * }</pre>
 *
 * <p>An operation that throws has its state change and its signals rolled back; the operations
 * after it still run. A caller (an orchestration's {@code callEntity}) gets the failure; a failed
 * signal is logged with the entity id and the operation.
 *
 * <p>Operations run on a virtual thread, on their partition's event loop where the JVM allows it
 * (as orchestrator code does): keep them short and leave I/O to activities.
 */
@FunctionalInterface
public interface Entity {

  /** Runs one operation; the result is the caller's (it is dropped for a signal). */
  Object run(EntityContext ctx) throws Exception;

  /**
   * An entity whose operations are the public methods of {@code type}, and whose state is an
   * instance of it (created with its no-argument constructor when the entity has no state yet). An
   * operation {@code op} calls the method named {@code op} (case-insensitive), which takes no
   * parameter, the input, the {@link EntityContext}, or the input then the context; its return
   * value is the result. {@code delete} deletes the state unless the class has a method of that
   * name.
   *
   * <pre>{@code
   * public static class Account {
   *   public long balance;
   *   public void deposit(long amount) { balance += amount; }
   *   public long get() { return balance; }
   * }
   * builder.addEntity("account", Entity.ofClass(Account.class));
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code type} has no
   *     usable constructor, or two public methods share a name
   */
  static Entity ofClass(Class<?> type) {
    return ClassEntity.of(type);
  }
}
