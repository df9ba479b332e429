package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.TestEntities.awaitEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.GetEntityOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Critical sections: mutual exclusion under load, the rules of their use, and locks released when
 * the orchestration ends however it ends, engine crashes included.
 */
public abstract class EntityLockEngineTest extends EngineTestBase {

  private static final EntityId A = EntityId.of("account", "a");
  private static final EntityId B = EntityId.of("account", "b");

  /**
   * How many transfers {@link #manyConcurrentTransfersBetweenTwoLockedAccountsPreserveTheTotal}
   * starts at once. A binding on a store whose every message costs HTTP requests starts fewer, so
   * the test takes seconds there too.
   */
  protected int loadTransfers() {
    return 1_000;
  }

  /** {@code {"from": "a", "to": "b", "amount": n}} in; whether the money moved out. */
  static Baton.Builder bank(Baton.Builder b) {
    return TestEntities.register(b)
        .addOrchestrator(
            "transfer",
            ctx -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> in = ctx.input(Map.class);
              EntityId from = EntityId.of("account", (String) in.get("from"));
              EntityId to = EntityId.of("account", (String) in.get("to"));
              long amount = ((Number) in.get("amount")).longValue();
              try (EntityLock lock = ctx.lockEntities(from, to)) {
                long balance = ctx.callEntity(from, "balance", null, Long.class).await();
                if (balance < amount) {
                  return false;
                }
                ctx.callEntity(from, "withdraw", amount, Void.class).await();
                ctx.callEntity(to, "deposit", amount, Void.class).await();
                return true;
              }
            });
  }

  static long balance(DurableClient client, EntityId id) {
    EntityMetadata m = await(client.getEntity(id));
    return m.readState(TestEntities.Account.class).balance;
  }

  @Test
  void manyConcurrentTransfersBetweenTwoLockedAccountsPreserveTheTotal() {
    Baton baton = fixture.start(EntityLockEngineTest::bank);
    DurableClient client = baton.client();
    await(client.signalEntity(A, "deposit", 1000));
    await(client.signalEntity(B, "deposit", 1000));
    awaitEntity(client, B, m -> m.readState(TestEntities.Account.class).balance == 1000);
    int n = loadTransfers();
    List<Future<String>> started = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean aToB = i % 3 != 0;
      started.add(
          client.scheduleNewOrchestration(
              "transfer",
              Map.of("from", aToB ? "a" : "b", "to", aToB ? "b" : "a", "amount", 1 + i % 7),
              new StartOptions().setInstanceId("transfer-" + i)));
    }
    await(Future.all(started));
    List<String> ids = started.stream().map(Future::result).toList();
    long expectedA = 1000;
    for (int i = 0; i < n; i++) {
      InstanceMetadata done = complete(client, ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
      if (done.readOutput(Boolean.class)) {
        expectedA += i % 3 != 0 ? -(1 + i % 7) : 1 + i % 7;
      }
    }
    long a = balance(client, A);
    long b = balance(client, B);
    assertEquals(2000, a + b, "no money made or lost");
    assertEquals(expectedA, a, "each transfer applied all or nothing");
    awaitEntity(client, A, m -> m.lockedBy() == null);
    awaitEntity(client, B, m -> m.lockedBy() == null);
  }

  @Test
  void theRulesOfCriticalSectionsAreEnforcedWithClearErrors() {
    EntityId c = EntityId.of("counter", "outside");
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "rules",
                        ctx -> {
                          List<String> seen = new ArrayList<>();
                          try (EntityLock lock = ctx.lockEntities(B, A, A)) {
                            seen.add("locked " + lock.entities());
                            seen.add(attempt(() -> ctx.lockEntities(c)));
                            seen.add(attempt(() -> ctx.callEntity(c, "get", null, Long.class)));
                            seen.add(attempt(() -> ctx.signalEntity(A, "deposit", 1)));
                            seen.add(
                                attempt(() -> ctx.callSubOrchestrator("rules", null, Void.class)));
                            seen.add("inside " + ctx.isInCriticalSection());
                            ctx.callEntity(A, "deposit", 5, Void.class).await();
                          }
                          seen.add(attempt(() -> ctx.lockEntities()));
                          seen.add("after " + ctx.isInCriticalSection());
                          ctx.signalEntity(A, "deposit", 1);
                          return seen;
                        })
                    .addOrchestrator(
                        "breaks_rule",
                        ctx -> {
                          try (EntityLock lock = ctx.lockEntities(A)) {
                            ctx.signalEntity(A, "deposit", 1);
                            return "unreachable";
                          }
                        }));
    DurableClient client = baton.client();
    InstanceMetadata done = complete(client, await(client.scheduleNewOrchestration("rules", null)));
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    @SuppressWarnings("unchecked")
    List<String> seen = done.readOutput(List.class);
    assertEquals("locked [@account@a, @account@b]", seen.get(0), "sorted, duplicates dropped");
    assertTrue(seen.get(1).startsWith("BATON-204 cannot lock entities inside"), seen.get(1));
    assertTrue(seen.get(2).startsWith("BATON-204 cannot call @counter@outside"), seen.get(2));
    assertTrue(seen.get(3).startsWith("BATON-204 cannot signal @account@a"), seen.get(3));
    assertTrue(seen.get(4).startsWith("BATON-204 cannot start a sub-orchestration"), seen.get(4));
    assertEquals("inside true", seen.get(5));
    assertTrue(seen.get(6).startsWith("BATON-112 lockEntities needs"), seen.get(6));
    assertEquals("after false", seen.get(7));
    awaitEntity(client, A, m -> m.readState(TestEntities.Account.class).balance == 6);

    InstanceMetadata broke =
        complete(client, await(client.scheduleNewOrchestration("breaks_rule", null)));
    assertEquals(RuntimeStatus.FAILED, broke.status());
    assertTrue(broke.failure().message().startsWith("BATON-204"), broke.failure().message());
    awaitEntity(client, A, m -> m.lockedBy() == null);
    await(client.signalEntity(A, "deposit", 10));
    awaitEntity(client, A, m -> m.readState(TestEntities.Account.class).balance == 16);
  }

  private static String attempt(Runnable r) {
    try {
      r.run();
      return "allowed";
    } catch (BatonException e) {
      return e.getMessage();
    }
  }

  @Test
  void locksAreReleasedWhenTheOrchestrationEndsWithoutClosingThem() {
    Baton baton =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "forgets",
                        ctx -> {
                          ctx.lockEntities(A, B);
                          ctx.callEntity(A, "deposit", 1, Void.class).await();
                          return "kept the lock";
                        })
                    .addOrchestrator(
                        "throws",
                        ctx -> {
                          ctx.lockEntities(A, B);
                          ctx.callEntity(B, "deposit", 1, Void.class).await();
                          throw new IllegalStateException("inside the critical section");
                        })
                    .addOrchestrator(
                        "waits",
                        ctx -> {
                          ctx.lockEntities(A, B);
                          ctx.createTimer(Duration.ofHours(1)).await();
                          return "never";
                        }));
    DurableClient client = baton.client();
    assertEquals(
        RuntimeStatus.COMPLETED,
        complete(client, await(client.scheduleNewOrchestration("forgets", null))).status());
    assertEquals(
        RuntimeStatus.FAILED,
        complete(client, await(client.scheduleNewOrchestration("throws", null))).status());
    String waits = await(client.scheduleNewOrchestration("waits", null));
    awaitEntity(client, A, m -> waits.equals(m.lockedBy()));
    await(client.signalEntity(A, "deposit", 100)); // waits for the critical section
    awaitEntity(client, A, m -> m.backlog() == 1);
    await(client.terminate(waits, "enough"));
    assertEquals(RuntimeStatus.TERMINATED, complete(client, waits).status());
    // a lock request delivered twice may be granted to a finished holder for a moment; that
    // holder's partition answers the grant with a release, so the lock always ends up free
    EntityMetadata a =
        awaitEntity(
            client,
            A,
            m -> m.readState(TestEntities.Account.class).balance == 101 && m.lockedBy() == null);
    assertNull(a.lockedBy());
    assertEquals(0, a.backlog());
    awaitEntity(client, B, m -> m.lockedBy() == null);
  }

  @Test
  void anEngineStoppedInsideACriticalSectionIsRestartedAndTheLocksAreReleased() throws Exception {
    var working = new CountDownLatch(1);
    var never = new CountDownLatch(1);
    Baton first =
        fixture.start(
            b ->
                critical(b)
                    .addActivity(
                        "work",
                        ctx -> {
                          working.countDown();
                          never.await(); // the engine is closed while this runs
                          return "first";
                        }));
    String id =
        await(
            first
                .client()
                .scheduleNewOrchestration(
                    "critical", null, new StartOptions().setInstanceId("crashes-inside")));
    assertTrue(working.await(30, TimeUnit.SECONDS));
    EntityMetadata held =
        await(first.client().getEntity(A, new GetEntityOptions().setIncludeState(false)));
    assertEquals(id, held.lockedBy());
    await(first.close());

    Baton second = fixture.start(b -> critical(b).addActivity("work", ctx -> "second"));
    DurableClient client = second.client();
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("second", done.readOutput(String.class));
    awaitEntity(client, A, m -> m.lockedBy() == null);
    awaitEntity(client, B, m -> m.lockedBy() == null);
    assertEquals(1, balance(client, A));
    assertEquals(1, balance(client, B));
    await(client.signalEntity(A, "deposit", 1));
    awaitEntity(client, A, m -> m.readState(TestEntities.Account.class).balance == 2);
  }

  private static Baton.Builder critical(Baton.Builder b) {
    return TestEntities.register(b)
        .addOrchestrator(
            "critical",
            ctx -> {
              try (EntityLock lock = ctx.lockEntities(A, B)) {
                ctx.callEntity(A, "deposit", 1, Void.class).await();
                String worked = ctx.callActivity("work", null, String.class).await();
                ctx.callEntity(B, "deposit", 1, Void.class).await();
                return worked;
              }
            });
  }
}
