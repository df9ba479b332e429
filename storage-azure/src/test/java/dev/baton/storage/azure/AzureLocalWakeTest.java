package dev.baton.storage.azure;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.engine.EngineTestBase;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local fast path on Azure Storage: a message that one engine sends to a queue it consumes (a
 * start to a partition it owns, a work item to its workers) wakes the receiver at once, and an
 * activity's result goes straight to its partition, so consecutive steps of an orchestration never
 * wait for a poll. The proof counts, it does not time: every receive on a control queue or the
 * work-item queue that the poll timer starts is answered "empty" without asking Azure, so only the
 * wake path can deliver anything, and the orchestration still runs to its end.
 */
@ExtendWith(AzuriteExtension.class)
class AzureLocalWakeTest extends EngineTestBase {

  private static final int STEPS = 8;

  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Test
  void consecutiveStepsTravelTheWakePathNeverThePollTimer() {
    var blind = runSteps(fixture.options().setLocalActivities(false));
    assertTrue(
        blind.delivered.get() >= STEPS + 1,
        "the start and every work item were delivered, none by a timer poll (the results go"
            + " straight to the partition): "
            + blind.delivered);
  }

  @Test
  void withLocalActivitiesOnlyTheStartTravelsAQueue() {
    var blind = runSteps(fixture.options());
    assertEquals(
        1,
        blind.delivered.get(),
        "the start was delivered by the wake path; each activity ran where it was called");
  }

  private PollTimerBlindBackend runSteps(dev.baton.core.BatonOptions options) {
    var blind = new PollTimerBlindBackend(fixture.backend());
    Baton baton =
        fixture.start(
            options,
            b ->
                b.backend(blind)
                    .addOrchestrator(
                        "steps",
                        ctx -> {
                          int total = 0;
                          for (int i = 0; i < STEPS; i++) {
                            total = ctx.callActivity("inc", total, Integer.class).await();
                          }
                          return total;
                        })
                    .addActivity("inc", ctx -> ctx.input(Integer.class) + 1));
    String id = await(baton.client().scheduleNewOrchestration("steps", null));
    InstanceMetadata done = complete(baton.client(), id);

    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(STEPS, done.readOutput(Integer.class));
    assertTrue(
        blind.timerPolls.get() > 0,
        "the probe saw the poll timer start receives (else it proves nothing)");
    return blind;
  }

  /**
   * Queues whose receives started by a Vert.x timer (the poll backoff) see nothing; the others go
   * to the store. A receive started by a timer has Vert.x's timer handler on its stack.
   */
  private static final class PollTimerBlindBackend implements Backend {
    private static final String TIMER_HANDLER = "io.vertx.core.impl.VertxImpl$InternalTimerHandler";

    private final Backend inner;
    final AtomicLong timerPolls = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();

    PollTimerBlindBackend(Backend inner) {
      this.inner = inner;
    }

    @Override
    public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
      return inner.open(vertx, hubName, partitionCount).map(this::wrapHub);
    }

    private TaskHubStore wrapHub(TaskHubStore hub) {
      return proxy(
          TaskHubStore.class,
          (method, args) -> {
            Object result = invoke(hub, method, args);
            return method.getName().equals("controlQueue")
                    || method.getName().equals("workItemQueue")
                ? blind((MessageQueue<?>) result)
                : result;
          });
    }

    private MessageQueue<?> blind(MessageQueue<?> queue) {
      return proxy(
          MessageQueue.class,
          (method, args) -> {
            if (!method.getName().equals("receive")) {
              return invoke(queue, method, args);
            }
            if (startedByTimer()) {
              timerPolls.incrementAndGet();
              return Future.succeededFuture(List.of());
            }
            @SuppressWarnings("unchecked")
            Future<List<Delivery<?>>> received =
                (Future<List<Delivery<?>>>) invoke(queue, method, args);
            return received.onSuccess(list -> delivered.addAndGet(list.size()));
          });
    }

    private static boolean startedByTimer() {
      return StackWalker.getInstance()
          .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(TIMER_HANDLER)));
    }

    private interface Call {
      Object apply(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Call call) {
      return (T)
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (p, method, args) -> call.apply(method, args));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
