package dev.baton.core.impl.entity;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An entity whose operations are the public methods of a class and whose state is an instance of
 * it, serialized by the engine's data converter. Methods are looked up once, at registration.
 */
public final class ClassEntity implements Entity {

  /** The built-in operation that deletes the state when the class has no method of that name. */
  static final String DELETE = "delete";

  private final Class<?> type;
  private final Constructor<?> constructor;
  private final Map<String, Operation> operations;

  /** A method and where its input and context go among its parameters (-1: absent). */
  private record Operation(Method method, int inputIndex, Class<?> inputType, int contextIndex) {}

  private ClassEntity(Class<?> type, Constructor<?> constructor, Map<String, Operation> ops) {
    this.type = type;
    this.constructor = constructor;
    this.operations = ops;
  }

  /**
   * The entity of {@code type}.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when the class cannot be an entity
   */
  public static ClassEntity of(Class<?> type) {
    if (type == null) {
      throw invalid("an entity class must not be null");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isPrimitive()) {
      throw invalid(type.getName() + " cannot be an entity: it cannot be instantiated");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
    } catch (NoSuchMethodException | RuntimeException e) {
      throw invalid(
          type.getName() + " cannot be an entity: it needs a constructor without parameters");
    }
    Map<String, Operation> ops = new TreeMap<>();
    for (Method m : type.getMethods()) {
      if (m.getDeclaringClass() == Object.class
          || Modifier.isStatic(m.getModifiers())
          || m.isSynthetic()
          || m.isBridge()) {
        continue;
      }
      Operation op = operation(type, m);
      String name = m.getName().toLowerCase(Locale.ROOT);
      if (ops.putIfAbsent(name, op) != null) {
        throw invalid(
            type.getName()
                + " cannot be an entity: two public methods are named '"
                + m.getName()
                + "' (operations are looked up by name, case-insensitively)");
      }
    }
    return new ClassEntity(type, constructor, java.util.Collections.unmodifiableMap(ops));
  }

  private static Operation operation(Class<?> type, Method m) {
    Class<?>[] params = m.getParameterTypes();
    int input = -1;
    int context = -1;
    for (int i = 0; i < params.length; i++) {
      if (params[i] == EntityContext.class && context < 0) {
        context = i;
      } else if (input < 0) {
        input = i;
      } else {
        throw invalid(
            type.getName()
                + "."
                + m.getName()
                + " cannot be an operation: it may take an input and an EntityContext, nothing"
                + " more");
      }
    }
    m.setAccessible(true);
    return new Operation(m, input, input < 0 ? null : params[input], context);
  }

  /** The names of the operations, in lower case. */
  public java.util.Set<String> operationNames() {
    return operations.keySet();
  }

  @Override
  public Object run(EntityContext ctx) throws Exception {
    String name = ctx.operationName().toLowerCase(Locale.ROOT);
    Operation op = operations.get(name);
    if (op == null) {
      if (name.equals(DELETE)) {
        ctx.deleteState();
        return null;
      }
      throw new BatonException(
          ErrorCode.UNKNOWN_ENTITY_OPERATION,
          "entity '"
              + ctx.entityId().name()
              + "' has no operation '"
              + ctx.operationName()
              + "'; its operations are "
              + operations.keySet()
              + " (the public methods of "
              + type.getName()
              + ")");
    }
    Object[] args = new Object[op.method().getParameterCount()];
    if (op.inputIndex() >= 0) {
      args[op.inputIndex()] = input(ctx, op);
    }
    if (op.contextIndex() >= 0) {
      args[op.contextIndex()] = ctx;
    }
    @SuppressWarnings("unchecked")
    Class<Object> stateType = (Class<Object>) type;
    Object target = ctx.state(stateType, this::newInstance);
    try {
      return op.method().invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static Object input(EntityContext ctx, Operation op) {
    Class<?> declared = op.inputType();
    Class<?> wanted = declared.isPrimitive() ? boxed(declared) : declared;
    Object value = ctx.input(wanted);
    if (value == null && declared.isPrimitive()) {
      throw new BatonException(
          ErrorCode.DESERIALIZATION,
          "operation '"
              + ctx.operationName()
              + "' of entity '"
              + ctx.entityId().name()
              + "' needs an input of type "
              + declared.getName()
              + ", got none");
    }
    return value;
  }

  private Object newInstance() {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "the constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + type.getName() + ": " + e, e);
    }
  }

  private static Class<?> boxed(Class<?> primitive) {
    return switch (primitive.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "char" -> Character.class;
      default -> Void.class;
    };
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
