package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;
import java.util.logging.LogRecord;

/**
 * Wraps a user's logger so that it writes only when the orchestration is not replaying. A logger
 * interface (SLF4J, Log4j, {@code System.Logger}) gets a proxy: while replaying, methods that
 * return nothing do nothing, {@code boolean} methods (the {@code is...Enabled} checks) answer
 * false, default methods run their interface body against the proxy (so SLF4J's fluent {@code
 * atInfo()} sees logging disabled), and the rest (a name, a level) are asked of the logger. A
 * {@link java.util.logging.Logger} gets a subclass, since it is a class: every JUL logging method
 * ends in {@code log(LogRecord)}.
 */
final class ReplaySafeLoggers {

  private ReplaySafeLoggers() {}

  static <L> L wrap(Class<L> type, L logger, BooleanSupplier replaying) {
    if (type == null || logger == null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "logger(type, logger) needs a logger type and a logger");
    }
    if (type == System.Logger.class) {
      return type.cast(new ReplaySafeLogger((System.Logger) logger, replaying));
    }
    if (type == java.util.logging.Logger.class) {
      return type.cast(new Jul((java.util.logging.Logger) logger, replaying));
    }
    if (!type.isInterface()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "cannot wrap a logger of class "
              + type.getName()
              + ": pass the logger's interface type (e.g. org.slf4j.Logger.class) or a"
              + " java.util.logging.Logger");
    }
    InvocationHandler handler = new Silencer(logger, replaying);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** The proxy behind a wrapped logger interface. */
  private record Silencer(Object logger, BooleanSupplier replaying) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "replay-safe " + logger;
        };
      }
      if (replaying.getAsBoolean()) {
        if (method.isDefault()) {
          // e.g. SLF4J's atInfo(): its body asks isInfoEnabled(), which this proxy answers
          return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (method.getReturnType() == void.class) {
          return null;
        }
        if (method.getReturnType() == boolean.class) {
          return false;
        }
      }
      try {
        return method.invoke(logger, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** A JUL logger that hands records to the user's logger only when not replaying. */
  private static final class Jul extends java.util.logging.Logger {
    private final java.util.logging.Logger delegate;
    private final BooleanSupplier replaying;

    Jul(java.util.logging.Logger delegate, BooleanSupplier replaying) {
      super(delegate.getName(), null);
      this.delegate = delegate;
      this.replaying = replaying;
    }

    @Override
    public boolean isLoggable(java.util.logging.Level level) {
      return !replaying.getAsBoolean() && delegate.isLoggable(level);
    }

    @Override
    public void log(LogRecord record) {
      if (!replaying.getAsBoolean()) {
        delegate.log(record);
      }
    }
  }
}
