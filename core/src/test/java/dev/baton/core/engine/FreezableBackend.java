package dev.baton.core.engine;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

/**
 * A backend wrapper that stands for an engine's process dying: once {@link #freeze frozen}, no call
 * of its stores answers, so the engine can neither commit, delete, renew its leases nor announce
 * itself, exactly as if it had been killed. The other engines sharing the hub see its leases lapse
 * and its messages come back. {@link #freezeAt} freezes at a chosen call (that call included),
 * which cuts a commit at a precise point.
 *
 * <p>Life cycle: {@code LIVE -> (freeze) -> FROZEN -> (kill) -> DEAD}. When frozen, calls never
 * complete; {@link #kill} fails those and every later call at once, so that the frozen engine can
 * be closed quickly at the end of a test.
 */
public final class FreezableBackend implements Backend {

  private enum State {
    LIVE,
    FROZEN,
    DEAD
  }

  private final Backend inner;
  private final AtomicReference<State> state = new AtomicReference<>(State.LIVE);
  private final List<Promise<?>> pending = new ArrayList<>();
  private volatile BiPredicate<Method, Object[]> trigger = (m, args) -> false;

  public FreezableBackend(Backend inner) {
    this.inner = inner;
  }

  /** From now on, no store call answers. */
  public void freeze() {
    state.compareAndSet(State.LIVE, State.FROZEN);
  }

  /** Freezes when a store call matches {@code trigger}; that call does not happen either. */
  public void freezeAt(BiPredicate<Method, Object[]> trigger) {
    this.trigger = trigger;
  }

  /** Whether the backend froze. */
  public boolean isFrozen() {
    return state.get() != State.LIVE;
  }

  /** Fails the calls left waiting and every later one. */
  public void kill() {
    List<Promise<?>> waiting;
    synchronized (pending) { // with the check in call(): no call is left waiting after this
      state.set(State.DEAD);
      waiting = new ArrayList<>(pending);
      pending.clear();
    }
    for (Promise<?> p : waiting) {
      p.tryFail(dead());
    }
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    return inner.open(vertx, hubName, partitionCount).map(hub -> wrap(TaskHubStore.class, hub));
  }

  private static StoreException dead() {
    return new StoreException(StoreException.Reason.UNAVAILABLE, "the engine's process is dead");
  }

  @SuppressWarnings("unchecked")
  private <T> T wrap(Class<T> type, T target) {
    InvocationHandler handler = (proxy, method, args) -> call(target, method, args);
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private Object call(Object target, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return invoke(target, method, args);
    }
    boolean async = Future.class.isAssignableFrom(method.getReturnType());
    if (async && state.get() == State.LIVE && trigger.test(method, args)) {
      freeze();
    }
    if (async) {
      synchronized (pending) {
        if (state.get() == State.FROZEN) {
          Promise<Object> never = Promise.promise();
          pending.add(never);
          return never.future();
        }
      }
    }
    if (async && state.get() == State.DEAD) {
      return Future.failedFuture(dead());
    }
    Object result = invoke(target, method, args);
    Class<?> type = method.getReturnType();
    if (type.isInterface() && !async && type.getPackageName().equals("dev.baton.core.spi")) {
      return wrapAny(type, result); // a queue or store of the hub
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private <T> Object wrapAny(Class<T> type, Object result) {
    return result == null ? null : wrap(type, (T) result);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
