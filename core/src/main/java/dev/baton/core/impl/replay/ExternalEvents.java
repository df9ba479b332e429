package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The external events of one execution: those that arrived before anyone waited for them (kept in
 * arrival order) and the waiters not served yet (served in the order they started waiting). Names
 * match case-insensitively, as in Durable Functions. Waiting is not an action (nothing is
 * recorded); a timeout is a durable timer. Driven by the execution's thread only.
 */
final class ExternalEvents {

  private final ExecutionContext ctx;
  private final DataConverter converter;

  ExternalEvents(ExecutionContext ctx, DataConverter converter) {
    this.ctx = ctx;
    this.converter = converter;
  }

  /** One {@code waitForExternalEvent} not served yet. */
  private static final class Waiter {
    final String key;
    final Consumer<EventRaised> onEvent;

    Waiter(String name, Consumer<EventRaised> onEvent) {
      this.key = key(name);
      this.onEvent = onEvent;
    }
  }

  private final List<EventRaised> buffered = new ArrayList<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  /**
   * A task completed by the next event named {@code name} (a kept one at once), or, after {@code
   * timeout} (none when {@code null}), with {@code defaultValue} when {@code hasDefault}, else
   * failed with {@code TIMEOUT}.
   */
  <T> Task<T> waitFor(
      String name, Duration timeout, Class<T> type, boolean hasDefault, T defaultValue) {
    if (name == null || name.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "an event name must not be blank");
    }
    var task = new TaskImpl<T>(ctx);
    EventRaised kept = take(name);
    if (kept != null) {
      deliver(task, kept, type);
      return task;
    }
    Runnable timedOut =
        () -> {
          if (hasDefault) {
            task.complete(defaultValue);
          } else {
            task.fail(
                new TaskTimeoutException(
                    name, timeout, "no external event '" + name + "' arrived within " + timeout));
          }
        };
    if (timeout != null && timeout.isZero()) {
      timedOut.run();
      return task;
    }
    var waiter = new Waiter(name, e -> deliver(task, e, type));
    waiters.addLast(waiter);
    if (timeout != null) {
      ctx.createTimerTask(ctx.now().plus(timeout))
          .onDone(
              () -> {
                if (waiters.remove(waiter)) {
                  timedOut.run();
                }
              });
    }
    return task;
  }

  private <T> void deliver(TaskImpl<T> task, EventRaised event, Class<T> type) {
    try {
      task.complete(converter.deserialize(event.input(), type));
    } catch (RuntimeException bad) {
      task.fail(bad);
    }
  }

  /** An event arrived: the longest-waiting waiter for its name gets it, else it is kept. */
  void arrived(EventRaised event) {
    String key = key(event.name());
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.key.equals(key)) {
        it.remove();
        w.onEvent.accept(event);
        return;
      }
    }
    buffered.add(event);
  }

  /** Takes the oldest kept event named {@code name}, or {@code null} when there is none. */
  private EventRaised take(String name) {
    String key = key(name);
    for (Iterator<EventRaised> it = buffered.iterator(); it.hasNext(); ) {
      EventRaised e = it.next();
      if (key(e.name()).equals(key)) {
        it.remove();
        return e;
      }
    }
    return null;
  }

  /** The events kept and not taken, in arrival order. */
  List<EventRaised> unconsumed() {
    return List.copyOf(buffered);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
