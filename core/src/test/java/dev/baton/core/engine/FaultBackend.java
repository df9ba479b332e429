package dev.baton.core.engine;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A backend wrapper that makes store calls misbehave by rules: a call {@linkplain Fault#FAIL fails}
 * without happening, {@linkplain Fault#LOSE_RESPONSE happens and reports failure} (the response was
 * lost on the way back), is {@linkplain Fault#DELAY delayed}, or is {@linkplain Fault#HOLD held}
 * until the test releases it. Rules pick calls by kind ({@link StoreCall}) and arguments, and fire
 * either at random, from one seeded generator so a run can be repeated, or on the first matching
 * calls only, to cut one commit at a chosen point.
 *
 * <pre>{@code
 * var faults = new FaultBackend(MemoryBackend.create(), 42)
 *     .add(Rule.random(0.05, Fault.LOSE_RESPONSE, StoreCall.HISTORY_APPEND, StoreCall.ROW_UPDATE))
 *     .add(Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND).when(FaultBackend.sends(TimerFired.class)));
 * }</pre>
 *
 * <p>Every engine opened on it shares the rules and the counts. {@link #heal()} stops all faults,
 * so a test can check that everything recovers once the store behaves again.
 */
public final class FaultBackend implements Backend {

  /** What a rule does to a call it picks. */
  public enum Fault {
    /** The call does not reach the store and fails with {@code UNAVAILABLE}. */
    FAIL,
    /** The call reaches the store and takes effect, but reports {@code UNAVAILABLE}. */
    LOSE_RESPONSE,
    /** The call reaches the store after a random delay up to the rule's maximum. */
    DELAY,
    /**
     * The call waits, not yet made, until {@link #releaseHeld()}: a stale owner's late write, made
     * after others have moved on.
     */
    HOLD
  }

  /** The store calls a rule can pick, by store and method. */
  public enum StoreCall {
    CONTROL_RECEIVE,
    CONTROL_SEND,
    CONTROL_DELETE,
    CONTROL_RENEW,
    CONTROL_SET_ASIDE,
    WORK_RECEIVE,
    WORK_SEND,
    WORK_DELETE,
    WORK_RENEW,
    WORK_SET_ASIDE,
    QUEUE_OTHER,
    HISTORY_LOAD,
    HISTORY_APPEND,
    HISTORY_REPLACE,
    HISTORY_DELETE,
    ROW_GET,
    ROW_INSERT,
    ROW_UPDATE,
    ROW_QUERY,
    ROW_DELETE,
    LEASE_ACQUIRE,
    LEASE_RENEW,
    LEASE_RELEASE,
    LEASE_OTHER,
    PAYLOAD_PUT,
    PAYLOAD_GET,
    PAYLOAD_DELETE,
    HUB_OTHER;

    /** The calls that write to a store (those a lost response can matter for). */
    public static final List<StoreCall> WRITES =
        List.of(
            CONTROL_SEND,
            CONTROL_DELETE,
            CONTROL_RENEW,
            WORK_SEND,
            WORK_DELETE,
            WORK_RENEW,
            HISTORY_APPEND,
            HISTORY_REPLACE,
            ROW_INSERT,
            ROW_UPDATE,
            PAYLOAD_PUT);
  }

  /**
   * One fault rule: which calls ({@code calls}, narrowed by {@link #when}), what happens to them,
   * and how often: with a probability, or on the first {@code n} matching calls.
   */
  public static final class Rule {
    private final List<StoreCall> calls;
    private final Fault fault;
    private final double probability;
    private final AtomicInteger remaining;
    private Predicate<Object[]> when = args -> true;
    private Duration maxDelay = Duration.ofMillis(50);

    private Rule(List<StoreCall> calls, Fault fault, double probability, int count) {
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("a rule needs at least one store call");
      }
      this.calls = calls;
      this.fault = fault;
      this.probability = probability;
      this.remaining = count < 0 ? null : new AtomicInteger(count);
    }

    /** Picks each matching call with {@code probability} (0..1). */
    public static Rule random(double probability, Fault fault, StoreCall... calls) {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("probability must be in 0..1, was " + probability);
      }
      return new Rule(List.of(calls), fault, probability, -1);
    }

    /** Picks each matching call with {@code probability} (0..1), among {@code calls}. */
    public static Rule random(double probability, Fault fault, List<StoreCall> calls) {
      return random(probability, fault, calls.toArray(StoreCall[]::new));
    }

    /** Picks the first {@code n} matching calls. */
    public static Rule first(int n, Fault fault, StoreCall... calls) {
      if (n < 1) {
        throw new IllegalArgumentException("n must be at least 1, was " + n);
      }
      return new Rule(List.of(calls), fault, 1, n);
    }

    /** Narrows the rule to calls whose arguments match. */
    public Rule when(Predicate<Object[]> when) {
      this.when = when;
      return this;
    }

    /** The longest delay a {@link Fault#DELAY} rule adds (50 ms unless set). */
    public Rule maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /** Whether this rule has fired as often as it may. */
    public boolean spent() {
      return remaining != null && remaining.get() <= 0;
    }

    private boolean picks(StoreCall call, Object[] args, Random random) {
      if (!calls.contains(call) || spent() || !when.test(args == null ? new Object[0] : args)) {
        return false;
      }
      if (remaining != null) {
        return remaining.getAndDecrement() > 0;
      }
      return random.nextDouble() < probability;
    }
  }

  /** A filter for {@link StoreCall#CONTROL_SEND}: a message whose event is of {@code type}. */
  public static Predicate<Object[]> sends(Class<?> type) {
    return args ->
        args.length > 0
            && args[0] instanceof List<?> messages
            && messages.stream()
                .anyMatch(m -> m instanceof ControlMessage c && type.isInstance(c.event()));
  }

  /** A filter for calls whose first argument (an instance id) is {@code instanceId}. */
  public static Predicate<Object[]> instance(String instanceId) {
    return args -> args.length > 0 && instanceId.equals(args[0]);
  }

  private final Backend inner;
  private final Random random;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<StoreCall, AtomicLong> injected = new EnumMap<>(StoreCall.class);
  private final Map<StoreCall, AtomicLong> calls = new EnumMap<>(StoreCall.class);
  private final Map<Fault, AtomicLong> byFault = new EnumMap<>(Fault.class);
  private final AtomicLong parkedControl = new AtomicLong();
  private final AtomicLong parkedWork = new AtomicLong();
  private final List<Supplier<Future<Object>>> held = new CopyOnWriteArrayList<>();
  private volatile boolean healed;
  private volatile Vertx vertx;

  /**
   * The delay from which a sent message counts as parked: it stays in its queue, invisible, for
   * longer than any test runs (a far-future timer, an entity's wake-up at the end of its reorder
   * window).
   */
  public static final Duration PARKED = Duration.ofMinutes(1);

  public FaultBackend(Backend inner, long seed) {
    this.inner = inner;
    this.random = new Random(seed);
    for (StoreCall c : StoreCall.values()) {
      injected.put(c, new AtomicLong());
      calls.put(c, new AtomicLong());
    }
    for (Fault f : Fault.values()) {
      byFault.put(f, new AtomicLong());
    }
  }

  /** Adds a rule; rules are tried in the order added, and the first that picks a call applies. */
  public FaultBackend add(Rule rule) {
    rules.add(rule);
    return this;
  }

  /** Stops injecting: every later call goes straight to the store. */
  public FaultBackend heal() {
    healed = true;
    return this;
  }

  /** How many faults were injected into calls of {@code call}. */
  public long injected(StoreCall call) {
    return injected.get(call).get();
  }

  /** How many faults of kind {@code fault} were injected. */
  public long injected(Fault fault) {
    return byFault.get(fault).get();
  }

  /** How many faults were injected in all (delays included). */
  public long injected() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /**
   * How many control messages were stored with a delay of at least {@link #PARKED}: those a drained
   * hub still holds. Read it before the queues' counts (a message is stored before it counts).
   */
  public long parkedControl() {
    return parkedControl.get();
  }

  /** As {@link #parkedControl()}, for the work-item queue. */
  public long parkedWork() {
    return parkedWork.get();
  }

  /** How many calls of {@code call} were made, faulty or not. */
  public long calls(StoreCall call) {
    return calls.get(call).get();
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    this.vertx = vertx;
    return inner
        .open(vertx, hubName, partitionCount)
        .map(
            hub -> {
              // the hub's own offloads of large payloads go through the faulty payload store too
              PayloadStore payloads = wrap(PayloadStore.class, hub.payloads(), "");
              return wrap(TaskHubStore.class, hub.withPayloads(payloads), "");
            });
  }

  @Override
  public Future<Void> close() {
    return inner.close();
  }

  @SuppressWarnings("unchecked")
  private <T> T wrap(Class<T> type, T target, String queue) {
    InvocationHandler handler = (proxy, method, args) -> call(target, method, args, queue);
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private Object call(Object target, Method method, Object[] args, String queue) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return invoke(target, method, args);
    }
    if (!Future.class.isAssignableFrom(method.getReturnType())) {
      Object result = invoke(target, method, args);
      return switch (method.getName()) {
        case "controlQueue" -> wrap(MessageQueue.class, (MessageQueue<?>) result, "CONTROL");
        case "workItemQueue" -> wrap(MessageQueue.class, (MessageQueue<?>) result, "WORK");
        case "history" -> wrap(HistoryStore.class, (HistoryStore) result, "");
        case "instances" -> wrap(InstanceStore.class, (InstanceStore) result, "");
        case "leases" -> wrap(LeaseStore.class, (LeaseStore) result, "");
        case "payloads" -> result; // wrapped when the hub was opened
        case "withPayloads" -> wrap(TaskHubStore.class, (TaskHubStore) result, "");
        default -> result;
      };
    }
    StoreCall kind = kind(method, queue);
    calls.get(kind).incrementAndGet();
    Rule rule = healed ? null : pick(kind, args);
    if (rule == null) {
      return reach(kind, target, method, args);
    }
    injected.get(kind).incrementAndGet();
    byFault.get(rule.fault).incrementAndGet();
    return switch (rule.fault) {
      case FAIL -> Future.failedFuture(injectedFailure(kind, "not made"));
      case LOSE_RESPONSE ->
          ((Future<?>) reach(kind, target, method, args))
              .transform(ar -> Future.failedFuture(injectedFailure(kind, "response lost")));
      case DELAY -> delayed(kind, target, method, args, rule.maxDelay);
      case HOLD -> hold(kind, target, method, args);
    };
  }

  private Future<Object> hold(StoreCall kind, Object target, Method method, Object[] args) {
    Context context = Vertx.currentContext();
    Promise<Object> promise = Promise.promise();
    Runnable made =
        () -> {
          try {
            @SuppressWarnings("unchecked")
            Future<Object> f = (Future<Object>) reach(kind, target, method, args);
            f.onComplete(promise);
          } catch (Throwable t) {
            promise.fail(t);
          }
        };
    held.add(
        () -> {
          if (context == null) {
            made.run();
          } else {
            context.runOnContext(v -> made.run());
          }
          return promise.future();
        });
    return promise.future();
  }

  /** How many calls a {@link Fault#HOLD} rule holds, not yet released. */
  public int heldCalls() {
    return held.size();
  }

  /**
   * Makes the held calls now, each on the context that made it; completes when the store has
   * answered them all (whether they succeeded or not).
   */
  public Future<Void> releaseHeld() {
    List<Future<Object>> answers = new ArrayList<>();
    List<Supplier<Future<Object>>> calls = new ArrayList<>(held);
    held.removeAll(calls);
    for (var call : calls) {
      answers.add(call.get());
    }
    return Future.join(answers).otherwiseEmpty().mapEmpty();
  }

  /** Makes the call on the store, counting the parked messages a successful send stored. */
  private Object reach(StoreCall kind, Object target, Method method, Object[] args)
      throws Throwable {
    Object result = invoke(target, method, args);
    boolean send = kind == StoreCall.CONTROL_SEND || kind == StoreCall.WORK_SEND;
    if (send
        && args[0] instanceof List<?> messages
        && args[1] instanceof Duration delay
        && delay.compareTo(PARKED) >= 0) {
      AtomicLong parked = kind == StoreCall.CONTROL_SEND ? parkedControl : parkedWork;
      ((Future<?>) result).onSuccess(v -> parked.addAndGet(messages.size()));
    }
    return result;
  }

  private synchronized Rule pick(StoreCall kind, Object[] args) {
    for (Rule r : rules) {
      if (r.picks(kind, args, random)) {
        return r;
      }
    }
    return null;
  }

  private Future<Object> delayed(
      StoreCall kind, Object target, Method method, Object[] args, Duration max) {
    long millis;
    synchronized (this) {
      millis = 1 + random.nextInt((int) Math.max(1, max.toMillis()));
    }
    Promise<Object> promise = Promise.promise();
    vertx.setTimer(
        millis,
        id -> {
          try {
            @SuppressWarnings("unchecked")
            Future<Object> f = (Future<Object>) reach(kind, target, method, args);
            f.onComplete(promise);
          } catch (Throwable t) {
            promise.fail(t);
          }
        });
    return promise.future();
  }

  private static StoreException injectedFailure(StoreCall kind, String what) {
    return new StoreException(
        StoreException.Reason.UNAVAILABLE, "injected fault: " + kind + " " + what);
  }

  private static StoreCall kind(Method method, String queue) {
    String m = method.getName();
    Class<?> store = method.getDeclaringClass();
    if (store == MessageQueue.class) {
      String q = queue.equals("CONTROL") ? "CONTROL_" : "WORK_";
      return switch (m) {
        case "receive" -> StoreCall.valueOf(q + "RECEIVE");
        case "send" -> StoreCall.valueOf(q + "SEND");
        case "delete" -> StoreCall.valueOf(q + "DELETE");
        case "updateVisibility" -> StoreCall.valueOf(q + "RENEW");
        case "setAside" -> StoreCall.valueOf(q + "SET_ASIDE");
        default -> StoreCall.QUEUE_OTHER;
      };
    }
    if (store == HistoryStore.class) {
      return switch (m) {
        case "load" -> StoreCall.HISTORY_LOAD;
        case "append" -> StoreCall.HISTORY_APPEND;
        case "replace" -> StoreCall.HISTORY_REPLACE;
        default -> StoreCall.HISTORY_DELETE;
      };
    }
    if (store == InstanceStore.class) {
      return switch (m) {
        case "get" -> StoreCall.ROW_GET;
        case "insert" -> StoreCall.ROW_INSERT;
        case "update" -> StoreCall.ROW_UPDATE;
        case "query" -> StoreCall.ROW_QUERY;
        default -> StoreCall.ROW_DELETE;
      };
    }
    if (store == LeaseStore.class) {
      return switch (m) {
        case "acquire" -> StoreCall.LEASE_ACQUIRE;
        case "renew" -> StoreCall.LEASE_RENEW;
        case "release" -> StoreCall.LEASE_RELEASE;
        default -> StoreCall.LEASE_OTHER;
      };
    }
    if (store == PayloadStore.class) {
      return switch (m) {
        case "put" -> StoreCall.PAYLOAD_PUT;
        case "get" -> StoreCall.PAYLOAD_GET;
        default -> StoreCall.PAYLOAD_DELETE;
      };
    }
    return StoreCall.HUB_OTHER;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The faults injected so far, per call kind, for failure messages. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    injected.forEach(
        (k, v) -> {
          if (v.get() > 0) {
            parts.add(k + "=" + v.get() + "/" + calls.get(k).get());
          }
        });
    return "FaultBackend" + parts;
  }
}
