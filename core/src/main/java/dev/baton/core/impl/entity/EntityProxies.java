package dev.baton.core.impl.entity;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.EntityContext;
import dev.baton.core.entity.EntityId;
import dev.baton.core.impl.LogSafe;
import dev.baton.core.orchestration.OrchestrationContext;
import dev.baton.core.orchestration.Task;
import io.vertx.core.Future;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed access to an entity: a {@link Proxy} of a Java interface whose methods are the entity's
 * operations (the method name is the operation name, the single parameter if any is the input). In
 * an orchestration a {@code void} method signals and a {@code Task<T>} method calls; from a client
 * a {@code void} or {@code Future<Void>} method signals and a {@code Future<T>} method calls
 * (through {@link Caller}). The interface is checked once, when the proxy is made, so a method that
 * cannot be mapped fails there with {@code INVALID_ARGUMENT}.
 */
public final class EntityProxies {

  private static final System.Logger LOG = System.getLogger(EntityProxies.class.getName());

  private EntityProxies() {}

  /** What one interface method does. */
  private sealed interface Op {
    String operation();
  }

  private record Signal(String operation, boolean returnsFuture) implements Op {}

  private record Call(String operation, Class<?> resultType) implements Op {}

  /** The proxy of {@code type} for {@code entity} inside the orchestration of {@code ctx}. */
  public static <T> T orchestration(OrchestrationContext ctx, Class<T> type, EntityId entity) {
    Map<Method, Op> ops = check(type, entity, true, false);
    return make(
        type,
        entity,
        ops,
        (op, input) ->
            switch (op) {
              case Signal s -> {
                ctx.signalEntity(entity, s.operation(), input);
                yield null;
              }
              case Call c -> ctx.callEntity(entity, c.operation(), input, c.resultType());
            });
  }

  /** The proxy of {@code type} for {@code entity} on {@code client}. */
  public static <T> T client(DurableClient client, Class<T> type, EntityId entity) {
    Map<Method, Op> ops = check(type, entity, false, client instanceof Caller);
    return make(
        type,
        entity,
        ops,
        (op, input) -> {
          if (op instanceof Call c) {
            return ((Caller) client).callEntity(entity, c.operation(), input, c.resultType());
          }
          Future<Void> sent = client.signalEntity(entity, op.operation(), input);
          if (((Signal) op).returnsFuture()) {
            return sent;
          }
          sent.onFailure(
              t ->
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "signal '"
                          + LogSafe.text(op.operation())
                          + "' to entity "
                          + LogSafe.text(entity)
                          + " failed: "
                          + LogSafe.text(t)));
          return null;
        });
  }

  /** A client that can call an entity for a result (the engine's own client can). */
  public interface Caller {
    /**
     * Calls {@code operation} on {@code entity}; completes with its result read as {@code type}.
     */
    <T> Future<T> callEntity(EntityId entity, String operation, Object input, Class<T> type);
  }

  private interface Dispatch {
    Object run(Op op, Object input);
  }

  @SuppressWarnings("unchecked")
  private static <T> T make(Class<T> type, EntityId entity, Map<Method, Op> ops, Dispatch d) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Op op = ops.get(method);
          if (op != null) {
            return d.run(op, args == null || args.length == 0 ? null : args[0]);
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return switch (method.getName()) {
            case "toString" -> type.getSimpleName() + " proxy of entity " + entity;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new IllegalStateException("not an operation: " + method);
          };
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** The operations of {@code type}; fails with INVALID_ARGUMENT naming the first bad method. */
  private static Map<Method, Op> check(
      Class<?> type, EntityId entity, boolean inOrchestration, boolean clientCalls) {
    if (type == null || entity == null) {
      throw invalid("an entity proxy needs an interface and an entity id, got null");
    }
    if (!type.isInterface() || type.isAnnotation()) {
      throw invalid(
          type.getName()
              + " cannot be an entity proxy: it is not an interface (declare the operations in an"
              + " interface; the entity class may implement it)");
    }
    if (type.isSealed() || type.isHidden()) {
      throw invalid(type.getName() + " cannot be an entity proxy: it is sealed or hidden");
    }
    Map<Method, Op> ops = new HashMap<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
        continue; // default methods run as written, and may call the operations
      }
      ops.put(m, op(type, m, inOrchestration, clientCalls));
    }
    if (ops.isEmpty()) {
      throw invalid(type.getName() + " cannot be an entity proxy: it declares no operation");
    }
    return ops;
  }

  private static Op op(Class<?> type, Method m, boolean inOrchestration, boolean clientCalls) {
    String where = type.getName() + "." + m.getName();
    if (m.getTypeParameters().length > 0) {
      throw invalid(where + " cannot be an operation: it has type parameters of its own");
    }
    if (m.getParameterCount() > 1) {
      throw invalid(
          where
              + " cannot be an operation: it takes "
              + m.getParameterCount()
              + " parameters; an operation has one input at most (wrap them in a record)");
    }
    if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == EntityContext.class) {
      throw invalid(
          where
              + " cannot be an operation: the EntityContext belongs to the entity, not the caller");
    }
    Class<?> ret = m.getReturnType();
    if (ret == void.class) {
      return new Signal(m.getName(), false);
    }
    if (inOrchestration && ret == Task.class) {
      return new Call(m.getName(), resultType(where, m.getGenericReturnType()));
    }
    if (!inOrchestration && ret == Future.class) {
      Class<?> result = resultType(where, m.getGenericReturnType());
      if (result == Void.class) {
        return new Signal(m.getName(), true);
      }
      if (clientCalls) {
        return new Call(m.getName(), result);
      }
      throw invalid(
          where
              + " cannot be an operation on this client: it can only signal an entity (void or"
              + " Future<Void>)");
    }
    throw invalid(
        where
            + " cannot be an operation: it returns "
            + m.getGenericReturnType().getTypeName()
            + "; "
            + (inOrchestration
                ? "in an orchestration use void (a signal) or Task<T> (a call)"
                : "on a client use void or Future<Void> (a signal) or Future<T> (a call)"));
  }

  private static Class<?> resultType(String where, Type generic) {
    if (generic instanceof ParameterizedType p) {
      Type arg = p.getActualTypeArguments()[0];
      if (arg instanceof Class<?> c) {
        return c;
      }
      if (arg instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> raw) {
        return raw;
      }
      if (arg instanceof GenericArrayType) {
        throw invalid(where + " cannot be an operation: use a List rather than a generic array");
      }
      if (arg instanceof WildcardType) {
        throw invalid(
            where + " cannot be an operation: name its result type (e.g. Task<Integer>), not ?");
      }
    }
    throw invalid(
        where + " cannot be an operation: its result type must be named, e.g. Task<Integer>");
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
