package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.web.stream.DurableAction;
import dev.baton.web.stream.StreamTrigger;
import dev.baton.web.stream.StreamTriggerOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stream triggers: bounded in-flight work, retries across an engine restart, failures. */
class StreamTriggerTest {

  private ApiFixture f;

  @BeforeEach
  void start() {
    f = new ApiFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private int completed(String prefix) {
    return await(
            f.client()
                .queryInstances(
                    new InstanceQuery()
                        .setInstanceIdPrefix(prefix)
                        .setRuntimeStatus(Set.of(RuntimeStatus.COMPLETED))
                        .setPageSize(InstanceQuery.MAX_PAGE_SIZE)))
        .instances()
        .size();
  }

  private static DurableAction echo(String prefix, int i) {
    return DurableAction.startOrchestration(
        TestFunctions.ECHO, i, new StartOptions().setInstanceId(prefix + i));
  }

  @Test
  void inFlightItemsNeverExceedTheLimitAndTheStreamIsPaused() {
    int n = 600;
    var source = new ItemSource(f.vertx, n);
    var maxSeen = new AtomicInteger();
    var trigger = new AtomicReference<StreamTrigger<Integer>>();
    trigger.set(
        StreamTrigger.create(
            f.vertx,
            source,
            f::client,
            i -> {
              maxSeen.accumulateAndGet(trigger.get().inFlight(), Math::max);
              return echo("bp-", i);
            },
            new StreamTriggerOptions().setMaxInFlight(16)));
    await(trigger.get().start().completion());

    assertEquals(n, trigger.get().delivered());
    assertEquals(0, trigger.get().failed());
    assertEquals(0, trigger.get().inFlight());
    assertTrue(maxSeen.get() <= 16, "in flight at most 16, saw " + maxSeen.get());
    assertTrue(trigger.get().pauses() > 0, "the stream was paused at the limit");
    f.until("all instances completed", () -> completed("bp-") == n);
  }

  @Test
  void anEngineRestartInTheMiddleLosesNoItem() {
    int n = 1000;
    var source = new ItemSource(f.vertx, n).holdAt(n / 2);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
                f.vertx,
                source,
                f::client,
                i -> echo("rs-", i),
                new StreamTriggerOptions()
                    .setMaxInFlight(32)
                    .setRetryMaxDelay(java.time.Duration.ofMillis(50)))
            .failureHandler((item, error) -> failures.add(error));
    trigger.start();
    f.until("the first half read", () -> source.emitted() == n / 2);

    f.stopEngine();
    source.release();
    f.until("the trigger stops asking", () -> trigger.paused() && trigger.inFlight() > 0);
    long delivered = trigger.delivered();
    long emitted = source.emitted();
    await(f.vertx.timer(200, TimeUnit.MILLISECONDS));
    assertEquals(delivered, trigger.delivered(), "nothing is delivered without an engine");
    assertEquals(emitted, source.emitted(), "the source is asked for nothing meanwhile");
    assertTrue(trigger.inFlight() <= 32, "in flight: " + trigger.inFlight());
    assertTrue(emitted <= n / 2 + 32, "read while down: " + emitted);

    f.resumeEngine();
    await(trigger.completion());
    assertEquals(List.of(), failures);
    assertEquals(n, trigger.delivered());
    assertEquals(n, source.emitted());
    f.until("all instances completed", () -> completed("rs-") == n);
  }

  @Test
  void itemsThatCanNeverBeDeliveredGoToTheFailureHandler() {
    var source = new ItemSource(f.vertx, 12);
    List<String> failures = new CopyOnWriteArrayList<>();
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
                f.vertx,
                source,
                f::client,
                i ->
                    switch (i % 4) {
                      case 0 -> echo("ok-", i);
                      case 1 -> DurableAction.startOrchestration("no_such_orchestrator", i);
                      case 2 -> throw new IllegalStateException("cannot map " + i);
                      default -> null; // nothing to do
                    },
                new StreamTriggerOptions())
            .failureHandler(
                (item, error) ->
                    failures.add(
                        item
                            + ":"
                            + (error instanceof BatonException be
                                ? be.code().code()
                                : error.getMessage())));
    await(trigger.start().completion());
    assertEquals(3, trigger.delivered());
    assertEquals(6, trigger.failed());
    assertTrue(failures.containsAll(List.of("1:BATON-102", "2:cannot map 2", "9:BATON-102")));
    f.until("the good ones completed", () -> completed("ok-") == 3);
  }

  @Test
  void itemsBecomeSignalsToPerKeyEntities() {
    var source = new ItemSource(f.vertx, 200);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    StreamTrigger<Integer> trigger =
        StreamTrigger.create(
                f.vertx,
                source,
                f::client,
                i ->
                    i == 199
                        ? DurableAction.signalEntity(EntityId.of("no_such_entity", "k"), "add", 1)
                        : DurableAction.signalEntity(
                            EntityId.of(TestFunctions.COUNTER, "k" + i % 4), "add", 1),
                new StreamTriggerOptions().setMaxInFlight(8))
            .failureHandler((item, error) -> failures.add(error));
    await(trigger.start().completion());
    assertEquals(199, trigger.delivered());
    assertEquals(1, failures.size());
    assertEquals("BATON-201", ((BatonException) failures.get(0)).code().code());
    for (int k = 0; k < 4; k++) {
      EntityId id = EntityId.of(TestFunctions.COUNTER, "k" + k);
      int expected = k == 3 ? 49 : 50;
      f.until(
          id + " reaches " + expected,
          () -> {
            var e = await(f.client().getEntity(id));
            return e != null && e.readState(Integer.class) == expected;
          });
    }
  }

  @Test
  void anEventBusConsumerFeedsStartsUntilStopped() {
    MessageConsumer<Integer> consumer = f.vertx.eventBus().consumer("test.orders");
    StreamTrigger<io.vertx.core.eventbus.Message<Integer>> trigger =
        StreamTrigger.create(
                f.vertx,
                consumer,
                f::client,
                msg -> echo("bus-", msg.body()),
                new StreamTriggerOptions().setMaxInFlight(8).setAwaitStart(false))
            .start();
    await(consumer.completion());
    for (int i = 0; i < 50; i++) {
      f.vertx.eventBus().send("test.orders", i);
    }
    f.until("all 50 delivered", () -> trigger.delivered() == 50);
    await(trigger.stop());
    f.until("all instances completed", () -> completed("bus-") == 50);
  }
}
