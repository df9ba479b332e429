package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.BatonOptions;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How long recovery takes after a process dies (kill -9, stood for by a {@link FreezableBackend}
 * frozen: nothing it holds is released) and a new engine starts on the same task hub, with the
 * engine's default visibility timeout, lease duration and renew interval. The bound, as the README
 * states it: max(visibility timeout, lease duration + renew interval) + poll interval, or
 * max(visibility timeout, start-up) + poll interval for an engine restarted with its stable id.
 */
public abstract class RecoveryBoundEngineTest extends EngineTestBase {

  private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);

  /** What Baton promises (DESIGN, Guarantees): every instance moves again within this. */
  private static final Duration PROMISE = Duration.ofSeconds(30);

  private final List<FreezableBackend> frozen = new ArrayList<>();

  @AfterEach
  void killFrozenEngines() {
    frozen.forEach(FreezableBackend::kill);
  }

  /** The fixture's hub with the engine's defaults for everything that bounds recovery. */
  private BatonOptions defaults() {
    return fixture
        .options()
        .setVisibilityTimeout(BatonOptions.DEFAULT_VISIBILITY_TIMEOUT)
        .setLeaseDuration(BatonOptions.DEFAULT_LEASE_DURATION)
        .setLeaseRenewInterval(BatonOptions.DEFAULT_LEASE_RENEW_INTERVAL)
        .setMaxPollInterval(BatonOptions.DEFAULT_MAX_POLL_INTERVAL);
  }

  static Duration bound(BatonOptions o) {
    Duration leases = o.getLeaseDuration().plus(o.getLeaseRenewInterval());
    Duration longest =
        o.getVisibilityTimeout().compareTo(leases) > 0 ? o.getVisibilityTimeout() : leases;
    Duration poll = o.getMaxPollInterval();
    // unset: the memory backend's choice, the one these suites run on
    return longest.plus(poll != null ? poll : BatonOptions.DEFAULT_MAX_POLL_INTERVAL);
  }

  @Test
  void theDefaultsBoundRecoveryWithinThirtySeconds() {
    assertTrue(
        bound(new BatonOptions()).compareTo(PROMISE) < 0,
        "max(visibility, lease + renew) + poll = " + bound(new BatonOptions()));
  }

  @Test
  void afterAKillAndARestartEveryInstanceMovesWithinTheBoundOfTheDefaults() throws Exception {
    int count = 8;
    var running = new CountDownLatch(count);
    var release = new CountDownLatch(1);
    var dying = new FreezableBackend(fixture.backend());
    frozen.add(dying);
    Baton first =
        fixture.start(
            defaults(),
            b ->
                b.backend(dying)
                    .addOrchestrator(
                        "one_step",
                        ctx ->
                            ctx.callActivity("step", ctx.input(Integer.class), Integer.class)
                                .await())
                    .addActivity(
                        "step",
                        ctx -> {
                          running.countDown();
                          release.await(60, TimeUnit.SECONDS); // work that dies with its process
                          return -1;
                        }));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          await(
              first
                  .client()
                  .scheduleNewOrchestration(
                      "one_step", i, new StartOptions().setInstanceId("bound-" + i))));
    }
    assertTrue(running.await(30, TimeUnit.SECONDS), "every activity runs on the first engine");
    // the process dies as its results are committed: its work items and leases stay held
    dying.freezeAt((method, args) -> method.getName().equals("append"));
    release.countDown();
    TestEntities.awaitTrue("the first engine dies at its commit", dying::isFrozen);
    long killed = System.nanoTime();

    Baton second =
        fixture.start(
            defaults(),
            b ->
                b.addOrchestrator(
                        "one_step",
                        ctx ->
                            ctx.callActivity("step", ctx.input(Integer.class), Integer.class)
                                .await())
                    .addActivity("step", ctx -> ctx.input(Integer.class) * 2));
    DurableClient client = second.client();
    for (int i = 0; i < count; i++) {
      var done = complete(client, ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status());
      assertEquals(2 * i, done.readOutput(Integer.class), "run again on the new engine");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - killed);
    assertTrue(
        took.compareTo(PROMISE) <= 0,
        "every instance finished "
            + took.toMillis()
            + " ms after the kill; the defaults' bound is "
            + bound(defaults()).toMillis()
            + " ms");
  }

  @Test
  void anEngineRestartedWithItsStableIdTakesItsPartitionsBackAtOnce() {
    var dying = new FreezableBackend(fixture.backend());
    frozen.add(dying);
    // leases far longer than the test: only the id can explain a takeover
    BatonOptions options =
        fixture
            .options()
            .setEngineId("node-1")
            .setLeaseDuration(Duration.ofMinutes(5))
            .setLeaseRenewInterval(Duration.ofSeconds(1));
    Baton first = fixture.start(options, b -> RecoveryEngineTest.chain(b.backend(dying)));
    assertEquals(ALL, first.ownedPartitions());
    dying.freeze(); // kill -9

    Baton stranger =
        fixture.start(new BatonOptions(options).setEngineId("node-2"), RecoveryEngineTest::chain);
    assertEquals(Set.of(), stranger.ownedPartitions(), "another id waits for the leases to lapse");
    await(stranger.close());

    Baton restarted = fixture.start(options, RecoveryEngineTest::chain);
    assertEquals(ALL, restarted.ownedPartitions(), "its own leases, taken back as it starts");
    String id = await(restarted.client().scheduleNewOrchestration("chain", 1));
    assertEquals(1 + 5 + 6, complete(restarted.client(), id).readOutput(Integer.class));
  }

  @Test
  void anEngineIdIsCheckedAndKeptInTheJsonForm() {
    for (String bad : List.of("", "a b", "x/y", "é", "a".repeat(101))) {
      var e = assertThrows(BatonException.class, () -> new BatonOptions().setEngineId(bad), bad);
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
    var options = new BatonOptions().setEngineId("pod-7.west:1");
    assertEquals("pod-7.west:1", new BatonOptions(options.toJson()).getEngineId());
    assertEquals(null, new BatonOptions().getEngineId(), "random unless configured");
  }
}
