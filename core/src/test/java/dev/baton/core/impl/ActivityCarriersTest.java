package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.impl.replay.VirtualThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The carriers of activities' virtual threads: every task runs once, none waits for ever. */
class ActivityCarriersTest {

  private final List<ActivityCarriers> pools = new ArrayList<>();

  private ActivityCarriers pool(int core, long stallMillis, long retireMillis) {
    var p =
        new ActivityCarriers(
            "test-carrier-",
            core,
            8,
            1,
            ActivityCarriers.DEFAULT_SPIN,
            TimeUnit.MILLISECONDS.toNanos(stallMillis),
            TimeUnit.MILLISECONDS.toNanos(retireMillis));
    pools.add(p);
    return p;
  }

  @AfterEach
  void shutdown() {
    pools.forEach(ActivityCarriers::shutdown);
  }

  @Test
  void everyTaskFromManySubmittersRunsExactlyOnce() throws Exception {
    var carriers = pool(2, 5, 30_000);
    int submitters = 4;
    int each = 20_000;
    var runs = new AtomicIntegerArray(submitters * each);
    var done = new CountDownLatch(submitters * each);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < submitters; s++) {
      int base = s * each;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      int index = base + i;
                      carriers.execute(
                          () -> {
                            runs.incrementAndGet(index);
                            done.countDown();
                          });
                      if (ThreadLocalRandom.current().nextInt(500) == 0) {
                        // let the carriers run dry, spin and park, so submissions meet them there
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(done.await(30, TimeUnit.SECONDS), "tasks left: " + done.getCount());
    for (int i = 0; i < runs.length(); i++) {
      assertEquals(1, runs.get(i), "task " + i);
    }
  }

  @Test
  void aTaskSubmittedAfterTheCarriersParkedIsRun() throws Exception {
    var carriers = pool(2, 5, 30_000);
    for (int round = 0; round < 50; round++) {
      // past the spin: every carrier has parked, or is about to, when the task comes
      LockSupport.parkNanos(ActivityCarriers.DEFAULT_SPIN * (round % 4));
      var ran = new CountDownLatch(1);
      carriers.execute(ran::countDown);
      assertTrue(ran.await(10, TimeUnit.SECONDS), "round " + round);
    }
  }

  @Test
  void carriersHeldByTheirTasksDoNotStarveTheOthersAndTheExtraOnesEnd() throws Exception {
    var carriers = pool(2, 5, 200);
    var release = new CountDownLatch(1);
    var holding = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      carriers.execute(
          () -> {
            holding.countDown();
            try {
              release.await(); // a platform carrier blocked, as by a native call or file I/O
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    carriers.execute(release::countDown); // only a third carrier can run this one
    assertTrue(release.await(10, TimeUnit.SECONDS), "no carrier was added for the waiting task");
    assertTrue(carriers.carriers() >= 3, "carriers: " + carriers.carriers());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (carriers.carriers() > 2 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertEquals(2, carriers.carriers(), "the extra carrier ends after its idle time");
  }

  @Test
  void aTaskThatThrowsLeavesItsCarrierRunning() throws Exception {
    var carriers = pool(1, 5, 30_000);
    var thrower = new AtomicReference<Thread>();
    carriers.execute(
        () -> {
          thrower.set(Thread.currentThread());
          throw new IllegalStateException("thrown on purpose");
        });
    var ran = new CountDownLatch(1);
    carriers.execute(ran::countDown);
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    assertTrue(thrower.get().isAlive(), "the carrier of the task that threw ended");
  }

  @Test
  void virtualThreadsRunOnTheCarriersBeforeAndAfterTheyPark() throws Exception {
    // the build runs the tests on JDK 25 with --add-opens (baton.jvm.opens in the root pom)
    assertTrue(VirtualThreads.schedulerChoosable(), "tests run where the scheduler is choosable");
    var carriers = pool(2, 5, 30_000);
    var seen = new AtomicReference<String>();
    var release = new CountDownLatch(1);
    Thread t =
        VirtualThreads.builder(carriers)
            .start(
                () -> {
                  String before = Thread.currentThread().toString();
                  try {
                    release.await(); // parks: the carrier is free, the rest runs on one again
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  seen.set(before + " | " + Thread.currentThread());
                });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING) {
      assertTrue(System.nanoTime() < deadline, "the virtual thread never parked: " + t.getState());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    release.countDown();
    assertTrue(t.join(java.time.Duration.ofSeconds(10)));
    String[] both = seen.get().split(" \\| ");
    // a mounted virtual thread names its carrier
    assertTrue(both[0].contains("test-carrier-"), both[0]);
    assertTrue(both[1].contains("test-carrier-"), both[1]);
  }

  @Test
  void anActivityRunsOnTheCarriersOnlyWhileFewOthersRun() {
    var carriers =
        new ActivityCarriers(
            "few-carrier-",
            1,
            2,
            2,
            ActivityCarriers.DEFAULT_SPIN,
            ActivityCarriers.DEFAULT_STALL,
            ActivityCarriers.DEFAULT_RETIRE);
    pools.add(carriers);
    assertTrue(carriers.activityStarts(), "none runs");
    assertTrue(carriers.activityStarts(), "one runs");
    assertFalse(carriers.activityStarts(), "two run: the default scheduler's");
    carriers.activityEnds();
    carriers.activityEnds();
    assertTrue(carriers.activityStarts(), "one runs again");
  }

  @Test
  void badArgumentsAreRefused() {
    var carriers = pool(1, 5, 30_000);
    assertThrows(NullPointerException.class, () -> carriers.execute(null));
    assertThrows(
        IllegalArgumentException.class, () -> new ActivityCarriers("x-", 0, 8, 1, 0, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new ActivityCarriers("x-", 4, 2, 1, 0, 1, 1));
  }
}
