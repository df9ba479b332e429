package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.TestEntities.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.spi.Lease;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Partition leases under failing renewals: a renewal that fails, or whose answer is lost, does not
 * move the partition (nor drop its cache) while a later renewal can still land; renewals that keep
 * failing stop the partition before its lease expires, and only then may another engine take it.
 * Times are real, with the fixture's short leases (3 s, renewed every 500 ms).
 */
public abstract class LeaseRenewalEngineTest extends EngineTestBase {

  private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);
  private static final Duration SLACK = Duration.ofSeconds(20);

  /** Polling engine state from the test thread, never an event loop. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A filter for lease calls on {@code partition}. */
  private static Predicate<Object[]> partition(int partition) {
    return args -> args.length > 0 && args[0] instanceof Lease l && l.partition() == partition;
  }

  private static Baton.Builder workload(Baton.Builder b) {
    return RecoveryEngineTest.chain(b)
        .addOrchestrator(
            "waiter", ctx -> ctx.waitForExternalEvent("go", String.class).await() + "!");
  }

  private static List<String> startChains(DurableClient client, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          await(
              client.scheduleNewOrchestration(
                  "chain", i, new StartOptions().setInstanceId(prefix + i))));
    }
    return ids;
  }

  /** Each chain instance i returns i + 5 + (1 + 2 + 3). */
  private static void assertAllFinished(DurableClient client, List<String> ids) {
    for (int i = 0; i < ids.size(); i++) {
      InstanceMetadata done = complete(client, ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status(), ids.get(i));
      assertEquals(i + 11, done.readOutput(Integer.class), ids.get(i));
    }
  }

  @Test
  void renewalsThatFailOrLoseTheirAnswerOnceOrTwiceKeepEveryPartitionAndItsCache() {
    var faults = new FaultBackend(fixture.backend(), 7);
    Baton engine = fixture.start(b -> workload(b.backend(faults)));
    awaitUntil(() -> engine.ownedPartitions().equals(ALL), SLACK, "the engine owns every one");
    DurableClient client = engine.client();
    List<String> waiters = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // spread over the partitions, each cached by its partition
      waiters.add(
          await(
              client.scheduleNewOrchestration(
                  "waiter", "w" + i, new StartOptions().setInstanceId("waiter-" + i))));
    }
    for (String id : waiters) {
      await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    }
    awaitUntil(
        () -> waiters.stream().allMatch(id -> running(client, id)), SLACK, "every waiter waits");
    Set<String> verticles = Set.copyOf(fixture.vertx().deploymentIDs());
    long loads = faults.calls(StoreCall.HISTORY_LOAD);

    List<Rule> rules =
        List.of(
            Rule.first(2, Fault.FAIL, StoreCall.LEASE_RENEW).when(partition(0)),
            Rule.first(2, Fault.LOSE_RESPONSE, StoreCall.LEASE_RENEW).when(partition(1)),
            Rule.first(1, Fault.FAIL, StoreCall.LEASE_RENEW).when(partition(2)),
            Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.LEASE_RENEW).when(partition(2)),
            Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.LEASE_RENEW).when(partition(3)),
            Rule.first(1, Fault.FAIL, StoreCall.LEASE_RENEW).when(partition(3)));
    rules.forEach(faults::add);
    awaitUntil(() -> rules.stream().allMatch(Rule::spent), SLACK, "every fault fired");
    long afterFaults = faults.calls(StoreCall.LEASE_RENEW);
    awaitUntil(
        () -> faults.calls(StoreCall.LEASE_RENEW) >= afterFaults + 12,
        SLACK,
        "three more renewals of every partition");

    assertEquals(8, faults.injected(StoreCall.LEASE_RENEW), faults.toString());
    assertEquals(ALL, engine.ownedPartitions());
    assertEquals(
        verticles,
        Set.copyOf(fixture.vertx().deploymentIDs()),
        "no partition verticle was stopped or started again");
    for (String id : waiters) {
      await(client.raiseEvent(id, "go", id));
    }
    for (String id : waiters) {
      InstanceMetadata done = complete(client, id);
      assertEquals(RuntimeStatus.COMPLETED, done.status(), id);
      assertEquals(id + "!", done.readOutput(String.class));
    }
    assertEquals(
        loads,
        faults.calls(StoreCall.HISTORY_LOAD),
        "the waiters resumed from their partitions' caches, no history was loaded again");
    assertAllFinished(client, startChains(client, "kept-", 8));
  }

  private static boolean running(DurableClient client, String id) {
    InstanceMetadata m = await(client.getInstance(id));
    return m != null && m.status() == RuntimeStatus.RUNNING;
  }

  @Test
  void renewalsThatKeepFailingStopThePartitionBeforeItsLeaseExpiresAndOnlyThenDoesItMove() {
    var faults = new FaultBackend(fixture.backend(), 8);
    Baton first =
        fixture.start(fixture.options().setEngineId("first"), b -> workload(b.backend(faults)));
    awaitUntil(() -> first.ownedPartitions().equals(ALL), SLACK, "the first engine owns all");
    Baton second = fixture.start(LeaseRenewalEngineTest::workload);
    awaitUntil(
        () -> first.ownedPartitions().size() == 2 && second.ownedPartitions().size() == 2,
        SLACK,
        "two partitions each");
    Set<Integer> doomed = Set.copyOf(first.ownedPartitions());
    List<String> ids = startChains(second.client(), "moved-", 16);
    TaskHubStore hub = fixture.hub();

    // the first engine can no longer reach the lease store: renewals fail or lose their answers
    long renewalsBefore = faults.calls(StoreCall.LEASE_RENEW);
    List<Integer> order = new ArrayList<>(doomed);
    faults.add(
        Rule.random(1, Fault.LOSE_RESPONSE, StoreCall.LEASE_RENEW).when(partition(order.get(0))));
    faults.add(
        Rule.random(
            1,
            Fault.FAIL,
            StoreCall.LEASE_RENEW,
            StoreCall.LEASE_ACQUIRE,
            StoreCall.LEASE_RELEASE,
            StoreCall.LEASE_OTHER));

    Map<Integer, Instant> stoppedAt = new HashMap<>();
    Map<Integer, Lease> leaseAtStop = new HashMap<>();
    Set<Integer> taken = new HashSet<>();
    long deadline = System.nanoTime() + SLACK.plus(fixture.options().getLeaseDuration()).toNanos();
    while (taken.size() < doomed.size()) {
      assertTrue(System.nanoTime() < deadline, "the partitions did not move: " + faults);
      Set<Integer> mine = first.ownedPartitions();
      Set<Integer> theirs = second.ownedPartitions();
      Instant now = Instant.now();
      for (int p : doomed) {
        if (!mine.contains(p) && !stoppedAt.containsKey(p)) {
          stoppedAt.put(p, now);
          leaseAtStop.put(p, leaseOf(hub, p));
        }
        if (theirs.contains(p) && taken.add(p)) {
          assertTrue(
              stoppedAt.containsKey(p),
              "partition " + p + " was taken over while the first engine still ran it");
        }
      }
      pause(5);
    }

    for (int p : doomed) {
      Lease l = leaseAtStop.get(p);
      assertEquals(
          "first",
          l.owner(),
          "partition " + p + " stopped while its lease was still the first engine's");
      assertTrue(
          stoppedAt.get(p).isBefore(l.expiresAt()),
          "partition " + p + " stopped at " + stoppedAt.get(p) + ", its lease expired at " + l);
    }
    assertTrue(
        faults.calls(StoreCall.LEASE_RENEW) - renewalsBefore >= 3L * doomed.size(),
        "each failed renewal was tried again before the partition stopped: " + faults);
    assertEquals(Set.of(), first.ownedPartitions());
    assertEquals(ALL, second.ownedPartitions());
    assertAllFinished(second.client(), ids);
    faults.heal(); // so the first engine closes cleanly
  }

  private static Lease leaseOf(TaskHubStore hub, int partition) {
    return await(hub.leases().list()).stream()
        .filter(l -> l.partition() == partition)
        .findFirst()
        .orElseThrow();
  }
}
