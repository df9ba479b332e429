package dev.baton.core.engine;

import dev.baton.core.Baton;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityContext;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.GetEntityOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Entities the entity suites register, and helpers to wait for an entity's state. */
public final class TestEntities {

  private TestEntities() {}

  /** A counter written as a class: its public methods are its operations. */
  public static final class Counter {
    public long value;

    public void add(long amount) {
      value += amount;
    }

    public long get() {
      return value;
    }

    public void reset() {
      value = 0;
    }

    /** Adds, then fails: the addition must be rolled back. */
    public void addThenFail(long amount) {
      value += amount;
      throw new IllegalStateException("refused " + amount);
    }
  }

  /** A bank account: withdrawals below zero fail. */
  public static final class Account {
    public long balance;

    public void deposit(long amount) {
      balance += amount;
    }

    public void withdraw(long amount) {
      if (amount > balance) {
        throw new IllegalArgumentException("balance " + balance + " is below " + amount);
      }
      balance -= amount;
    }

    public long balance() {
      return balance;
    }
  }

  /**
   * A list written as a function: {@code append} adds its input, the unnamed operation {@code ""}
   * adds it marked {@code "unnamed "}, {@code get} returns the list.
   */
  public static final Entity LIST =
      ctx ->
          switch (ctx.operationName()) {
            case "append" -> {
              @SuppressWarnings("unchecked")
              List<Object> items = ctx.state(List.class, ArrayList::new);
              items.add(ctx.input(Object.class));
              yield items.size();
            }
            case "get" -> ctx.state(List.class);
            case "" -> { // the unnamed operation: appends its input, marked
              @SuppressWarnings("unchecked")
              List<Object> items = ctx.state(List.class, ArrayList::new);
              items.add("unnamed " + ctx.input(Object.class));
              yield items.size();
            }
            case "delete" -> {
              ctx.deleteState();
              yield null;
            }
            case "forward" -> {
              forward(ctx);
              yield null;
            }
            default ->
                throw new UnsupportedOperationException("no operation " + ctx.operationName());
          };

  /** Signals {@code append} of its input to the list whose key is the input's "to". */
  private static void forward(EntityContext ctx) {
    @SuppressWarnings("unchecked")
    var input = (java.util.Map<String, Object>) ctx.input(java.util.Map.class);
    ctx.signalEntity(EntityId.of("list", (String) input.get("to")), "append", input.get("value"));
  }

  /** Registers {@code counter}, {@code account} and {@code list}. */
  public static Baton.Builder register(Baton.Builder b) {
    return b.addEntity("counter", Entity.ofClass(Counter.class))
        .addEntity("account", Entity.ofClass(Account.class))
        .addEntity("list", LIST);
  }

  /** Polls until the entity's metadata (with state) matches, 60 s at most. */
  public static EntityMetadata awaitEntity(
      DurableClient client, EntityId id, Predicate<EntityMetadata> condition) {
    return awaitEntity(client, id, true, condition);
  }

  /**
   * Polls until the entity's metadata matches, 60 s at most. Read without state it comes from the
   * entity's status row, with state from its history; a commit writes the history first, so on a
   * store with latency the row may be a commit behind for a moment.
   */
  public static EntityMetadata awaitEntity(
      DurableClient client, EntityId id, boolean withState, Predicate<EntityMetadata> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    EntityMetadata last = null;
    while (System.nanoTime() < deadline) {
      last =
          EngineFixture.await(
              client.getEntity(id, new GetEntityOptions().setIncludeState(withState)));
      if (last != null && condition.test(last)) {
        return last;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    throw new AssertionError("entity " + id + " did not reach the condition; last: " + last);
  }

  /** Polls until the entity's state, read as {@code type}, equals {@code expected}. */
  public static <T> T awaitState(DurableClient client, EntityId id, Class<T> type, T expected) {
    return awaitEntity(client, id, m -> expected.equals(m.readState(type))).readState(type);
  }

  /** Polls {@code check} until it holds, 60 s at most. */
  public static void awaitTrue(String what, BooleanSupplier check) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Polls {@code done} from the test thread (never an event loop) until it holds; fails saying
   * {@code what} when it does not within {@code within}, a bound the test itself asserts.
   */
  public static void awaitUntil(BooleanSupplier done, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** The pause between two polls. */
  private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();
}
