package dev.baton.benchmarks;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The report's fault wrapper (core's test-jar, with its richer {@code FaultBackend}, is not a
 * dependency of this module): from one seeded generator, each store call fails without happening,
 * happens and reports failure (a lost response), or is delayed, with the given probabilities; calls
 * named in {@code spared} ({@code "InstanceStore.insert:LOSE"}, {@code "MessageQueue.send:*"}) are
 * left alone. {@link #freeze()} stands for the process dying: no call answers any more; {@link
 * #kill()} then fails them, so the dead engine can be closed.
 */
final class FaultyBackend implements Backend {

  private enum Fault {
    FAIL,
    LOSE,
    DELAY
  }

  private final Backend inner;
  private final Random random;
  private final double fail;
  private final double lose;
  private final double delay;
  private final Set<String> spared;
  private final AtomicLong injected = new AtomicLong();
  private final List<Promise<Object>> frozen = new ArrayList<>();
  private volatile boolean healed;
  private volatile int state; // 0 live, 1 frozen, 2 dead
  private volatile Vertx vertx;

  FaultyBackend(
      Backend inner, long seed, double fail, double lose, double delay, Set<String> spared) {
    this.inner = inner;
    this.random = new Random(seed);
    this.fail = fail;
    this.lose = lose;
    this.delay = delay;
    this.spared = spared;
  }

  /** No faults, only {@link #freeze()}. */
  static FaultyBackend freezable(Backend inner) {
    return new FaultyBackend(inner, 0, 0, 0, 0, Set.of());
  }

  void heal() {
    healed = true;
  }

  long injected() {
    return injected.get();
  }

  void freeze() {
    state = 1;
  }

  void kill() {
    List<Promise<Object>> waiting;
    synchronized (frozen) {
      state = 2;
      waiting = new ArrayList<>(frozen);
      frozen.clear();
    }
    waiting.forEach(p -> p.tryFail(unavailable("the process is dead")));
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    this.vertx = vertx;
    return inner.open(vertx, hubName, partitionCount).map(h -> wrap(TaskHubStore.class, h));
  }

  @SuppressWarnings("unchecked")
  private <T> T wrap(Class<T> type, Object target) {
    InvocationHandler handler = (proxy, method, args) -> call(target, method, args);
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private Object call(Object target, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return invoke(target, method, args);
    }
    Class<?> type = method.getReturnType();
    if (!Future.class.isAssignableFrom(type)) {
      Object result = invoke(target, method, args);
      boolean store = type.isInterface() && type.getPackageName().equals("dev.baton.core.spi");
      return store && result != null ? wrap(type, result) : result;
    }
    synchronized (frozen) {
      if (state == 1) {
        Promise<Object> never = Promise.promise();
        frozen.add(never);
        return never.future();
      }
    }
    if (state == 2) {
      return Future.failedFuture(unavailable("the process is dead"));
    }
    Fault fault = healed ? null : pick(method.getDeclaringClass().getSimpleName(), method);
    if (fault == null) {
      return invoke(target, method, args);
    }
    injected.incrementAndGet();
    return switch (fault) {
      case FAIL -> Future.failedFuture(unavailable("injected: " + method.getName() + " not made"));
      case LOSE ->
          ((Future<?>) invoke(target, method, args))
              .transform(ar -> Future.failedFuture(unavailable("injected: response lost")));
      case DELAY -> later(target, method, args);
    };
  }

  private synchronized Fault pick(String store, Method method) {
    String call = store + "." + method.getName();
    double r = random.nextDouble();
    Fault f =
        r < fail
            ? Fault.FAIL
            : r < fail + lose ? Fault.LOSE : r < fail + lose + delay ? Fault.DELAY : null;
    if (f == null || spared.contains(call + ":*") || spared.contains(call + ":" + f)) {
      return null;
    }
    return f;
  }

  private Future<Object> later(Object target, Method method, Object[] args) {
    Promise<Object> promise = Promise.promise();
    long millis;
    synchronized (this) {
      millis = 1 + random.nextInt(40);
    }
    vertx.setTimer(
        millis,
        id -> {
          try {
            @SuppressWarnings("unchecked")
            Future<Object> f = (Future<Object>) invoke(target, method, args);
            f.onComplete(promise);
          } catch (Throwable t) {
            promise.fail(t);
          }
        });
    return promise.future();
  }

  private static StoreException unavailable(String message) {
    return new StoreException(StoreException.Reason.UNAVAILABLE, message);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
