package dev.baton.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ForwardingTaskHub} hands every call of {@link TaskHubStore} to its delegate, with the same
 * arguments and the delegate's answer, keeps a wrapper's overrides in the path of a {@link
 * TaskHubStore#withPayloads} view, and refuses a null delegate.
 */
class ForwardingTaskHubTest {

  /** A hub that answers each call with an object of its own and records what it was asked. */
  private static final class Recording {
    final List<String> calls = new ArrayList<>();
    final TaskHubStore hub =
        (TaskHubStore)
            Proxy.newProxyInstance(
                TaskHubStore.class.getClassLoader(),
                new Class<?>[] {TaskHubStore.class},
                (proxy, method, args) -> {
                  if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                      case "equals" -> proxy == args[0];
                      case "hashCode" -> 0;
                      default -> "a recording hub";
                    };
                  }
                  calls.add(
                      method.getName() + Arrays.toString(args == null ? new Object[0] : args));
                  return answer(method);
                });

    private final Map<String, Object> answers = new HashMap<>();

    Object answer(Method method) {
      return answers.computeIfAbsent(
          method.getName(),
          name -> {
            Class<?> type = method.getReturnType();
            if (type == String.class) {
              return "hub-name";
            }
            if (type == int.class) {
              return 3;
            }
            if (type == Future.class) {
              return Future.succeededFuture();
            }
            return Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (p, m, a) -> m.getName().equals("equals") ? p == a[0] : null);
          });
    }
  }

  private static final class Plain extends ForwardingTaskHub {
    Plain(TaskHubStore delegate) {
      super(delegate);
    }
  }

  @Test
  void everyCallReachesTheDelegateWithItsArgumentsAndItsAnswer() throws Exception {
    var delegate = new Recording();
    TaskHubStore forwarding = new Plain(delegate.hub);
    for (Method m : TaskHubStore.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getName().equals("withPayloads")) {
        continue;
      }
      Object[] args = m.getParameterCount() == 0 ? new Object[0] : new Object[] {2};
      delegate.calls.clear();
      Object answer = m.invoke(forwarding, args);
      assertEquals(List.of(m.getName() + Arrays.toString(args)), delegate.calls, m.getName());
      if (m.getReturnType().isPrimitive()) {
        assertEquals(delegate.answer(m), answer, m.getName());
      } else {
        assertSame(delegate.answer(m), answer, m.getName() + " answers what the delegate did");
      }
    }
  }

  @Test
  void aPayloadsViewGoesThroughTheWrapperAndAnswersWithTheStoreGiven() {
    var delegate = new Recording();
    HistoryStore counted = delegate.hub.history();
    TaskHubStore wrapper =
        new ForwardingTaskHub(delegate.hub) {
          @Override
          public HistoryStore history() {
            delegate.calls.add("wrapper.history");
            return counted;
          }
        };
    PayloadStore given = new Recording().hub.payloads();
    TaskHubStore view = wrapper.withPayloads(given);
    assertSame(given, view.payloads());
    delegate.calls.clear();
    assertSame(counted, view.history());
    assertEquals(List.of("wrapper.history"), delegate.calls, "the view asks the wrapper");

    PayloadStore newer = new Recording().hub.payloads();
    TaskHubStore again = view.withPayloads(newer);
    assertSame(newer, again.payloads(), "the newest store given answers");
    assertEquals("hub-name", again.name());
  }

  @Test
  void aNullDelegateIsRefusedByName() {
    var e = assertThrows(NullPointerException.class, () -> new Plain(null));
    assertEquals("delegate", e.getMessage());
  }
}
