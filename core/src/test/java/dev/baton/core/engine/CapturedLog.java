package dev.baton.core.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a logger records during a test. Baton logs through {@code System.Logger}, which
 * goes to {@code java.util.logging} unless the application installs another backend, as the tests
 * do not.
 *
 * <pre>{@code
 * try (var log = CapturedLog.of(BatonImpl.class.getName())) { ...; log.messages(); }
 * }</pre>
 */
public final class CapturedLog implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private CapturedLog(String name) {
    this.logger = Logger.getLogger(name); // held here, so the handler stays on this logger
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** Starts capturing the records of the logger {@code name} (and of its children). */
  public static CapturedLog of(String name) {
    return new CapturedLog(name);
  }

  /** The records so far. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** The messages so far. */
  public List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
