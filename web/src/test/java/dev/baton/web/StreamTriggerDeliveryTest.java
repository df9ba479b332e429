package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.web.stream.DurableAction;
import dev.baton.web.stream.StreamTrigger;
import dev.baton.web.stream.StreamTriggerOptions;
import io.vertx.core.Future;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a stream trigger promises a real source: one acknowledgement per item, after it is stored; a
 * bounded number of attempts; signals to one entity in order across retries; a stop that ends while
 * the engine is down; and no failure handler error that goes unnoticed.
 */
class StreamTriggerDeliveryTest {

  private ApiFixture f;

  @BeforeEach
  void start() {
    f = new ApiFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /**
   * The fixture's client, with each call first offered to {@code fault}: a non-null answer is
   * returned instead of the call; {@code log} gets "stored <method> <input>" when a call succeeds.
   */
  private DurableClient faulty(BiFunction<String, Object[], Future<?>> fault, List<String> log) {
    return (DurableClient)
        Proxy.newProxyInstance(
            DurableClient.class.getClassLoader(),
            new Class<?>[] {DurableClient.class},
            (proxy, method, args) -> {
              Future<?> injected = fault.apply(method.getName(), args);
              if (injected != null) {
                return injected;
              }
              try {
                Object result = method.invoke(f.client(), args);
                if (result instanceof Future<?> future && args != null && args.length > 1) {
                  Object input = method.getName().equals("signalEntity") ? args[2] : args[1];
                  String what = "stored " + method.getName() + " " + input;
                  return future.onSuccess(x -> log.add(what));
                }
                return result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static Future<?> storeFailure() {
    return Future.failedFuture(new BatonException(ErrorCode.STORE, "injected store failure"));
  }

  @Test
  void everyItemIsAcknowledgedOnceAndOnlyAfterItIsStored() {
    List<String> log = new CopyOnWriteArrayList<>();
    DurableClient client = faulty((m, a) -> null, log);
    var source = new ItemSource(f.vertx, 12);
    Map<Integer, List<Throwable>> acks = new ConcurrentHashMap<>();
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
                f.vertx,
                source,
                () -> client,
                i ->
                    switch (i % 4) {
                      case 0 ->
                          DurableAction.startOrchestration(
                              TestFunctions.ECHO, i, new StartOptions().setInstanceId("ack-" + i));
                      case 1 -> DurableAction.startOrchestration("no_such_orchestrator", i);
                      case 2 -> throw new IllegalStateException("cannot map " + i);
                      default -> null;
                    },
                new StreamTriggerOptions())
            .ackHandler(
                (item, error) -> {
                  log.add("ack " + item);
                  acks.computeIfAbsent(item, k -> new CopyOnWriteArrayList<>()).add(error);
                });
    await(trigger.start().completion());

    assertEquals(12, acks.size(), acks.toString());
    for (int i = 0; i < 12; i++) {
      List<Throwable> mine = acks.get(i);
      assertEquals(1, mine.size(), "item " + i + " acknowledged once: " + mine);
      if (i % 4 == 0 || i % 4 == 3) {
        assertNull(mine.get(0), "item " + i);
      } else {
        assertNotNull(mine.get(0), "item " + i);
      }
      if (i % 4 == 0) {
        int stored = log.indexOf("stored scheduleNewOrchestration " + i);
        assertTrue(stored >= 0 && stored < log.indexOf("ack " + i), "stored, then acked: " + log);
      }
    }
    assertEquals("BATON-102", ((BatonException) acks.get(1).get(0)).code().code());
  }

  @Test
  void signalsToOneEntityKeepTheirOrderAcrossRetries() {
    List<String> log = new CopyOnWriteArrayList<>();
    var failuresLeft = new AtomicInteger(3);
    DurableClient client =
        faulty(
            (m, a) ->
                m.equals("signalEntity")
                        && Integer.valueOf(0).equals(a[2])
                        && failuresLeft.getAndDecrement() > 0
                    ? storeFailure()
                    : null,
            log);
    EntityId entity = EntityId.of(TestFunctions.COUNTER, "ordered");
    var source = new ItemSource(f.vertx, 20);
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
            f.vertx,
            source,
            () -> client,
            i -> DurableAction.signalEntity(entity, "set", i),
            new StreamTriggerOptions().setMaxInFlight(32));
    await(trigger.start().completion());
    assertEquals(20, trigger.delivered());
    assertTrue(failuresLeft.get() < 0, "the first signal failed three times");

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add("stored signalEntity " + i);
    }
    assertEquals(expected, log.stream().filter(s -> s.startsWith("stored")).toList());
    f.until(
        "the last signal's value is the state",
        () -> {
          var e = await(f.client().getEntity(entity));
          return e != null && e.readState(Integer.class) == 19;
        });
  }

  @Test
  void anItemThatKeepsFailingEndsInTheFailureHandlerAfterMaxAttempts() {
    var badCalls = new AtomicInteger();
    var downCalls = new AtomicInteger();
    DurableClient client =
        faulty(
            (m, a) -> {
              if (!m.equals("signalEntity")) {
                return null;
              }
              String key = ((EntityId) a[0]).key();
              if (key.equals("bad")) {
                badCalls.incrementAndGet();
                return storeFailure();
              }
              if (key.equals("down") && downCalls.incrementAndGet() <= 5) {
                return Future.failedFuture(
                    new BatonException(ErrorCode.NOT_RUNNING, "no engine right now"));
              }
              return null;
            },
            new CopyOnWriteArrayList<>());
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<Integer, Throwable> acks = new ConcurrentHashMap<>();
    var source = new ItemSource(f.vertx, 6);
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
                f.vertx,
                source,
                () -> client,
                i ->
                    DurableAction.signalEntity(
                        EntityId.of(
                            TestFunctions.COUNTER, i == 0 ? "bad" : i == 1 ? "down" : "good"),
                        "add",
                        1),
                new StreamTriggerOptions()
                    .setMaxAttempts(3)
                    .setRetryMaxDelay(Duration.ofMillis(20)))
            .failureHandler((item, error) -> failures.add(item + ":" + error.getMessage()))
            .ackHandler(
                (item, error) -> acks.put(item, error == null ? new Throwable("ok") : error));
    await(trigger.start().completion());

    assertEquals(List.of("0:BATON-113 injected store failure"), failures);
    assertEquals(3, badCalls.get(), "three attempts, then the failure handler");
    assertEquals(5, trigger.delivered(), "the others, including the one a restart held back");
    assertEquals(6, downCalls.get(), "tries without an engine do not count");
    assertEquals("BATON-113 injected store failure", acks.get(0).getMessage());
    assertEquals("ok", acks.get(1).getMessage());
  }

  @Test
  void stopEndsWhileTheEngineIsDownAndGivesTheItemsBack() {
    f.stopEngine();
    var source = new ItemSource(f.vertx, 5);
    Map<Integer, Throwable> acks = new ConcurrentHashMap<>();
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
                f.vertx,
                source,
                f::client,
                i -> DurableAction.signalEntity(EntityId.of(TestFunctions.COUNTER, "s"), "add", i),
                new StreamTriggerOptions()
                    .setStopTimeout(Duration.ofMillis(200))
                    .setRetryMaxDelay(Duration.ofMillis(20)))
            .ackHandler((item, error) -> acks.put(item, error));
    trigger.start();
    f.until("items in flight", () -> trigger.inFlight() == 5 && trigger.paused());

    await(trigger.stop());
    assertEquals(0, trigger.inFlight());
    assertEquals(0, trigger.delivered());
    assertEquals(5, acks.size());
    for (Throwable reason : acks.values()) {
      assertTrue(
          reason.getMessage().contains("stopped before the item was delivered"), "" + reason);
    }
    f.resumeEngine();
  }

  @Test
  void aFailureHandlerThatThrowsIsLoggedAndTheStreamGoesOn() {
    var records = new CopyOnWriteArrayList<LogRecord>();
    Logger logger = Logger.getLogger(StreamTrigger.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel() == Level.SEVERE) {
              records.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      var source = new ItemSource(f.vertx, 4);
      StreamTrigger<Integer> trigger =
          StreamTrigger.create(
                  f.vertx,
                  source,
                  f::client,
                  i -> {
                    throw new IllegalStateException("cannot map " + i);
                  },
                  new StreamTriggerOptions())
              .failureHandler(
                  (item, error) -> {
                    throw new IllegalArgumentException("handler broke on " + item);
                  });
      await(trigger.start().completion());
      assertEquals(4, trigger.failed());
      assertEquals(4, records.size(), records.toString());
      assertTrue(records.get(0).getThrown().getMessage().startsWith("handler broke on"));
    } finally {
      logger.removeHandler(capture);
    }
  }
}
