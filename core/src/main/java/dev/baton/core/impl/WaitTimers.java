package dev.baton.core.impl;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The re-checks of the client's waits ({@code waitForInstance*}), on one Vert.x timer armed for the
 * earliest of them instead of a timer per wait. A wait answered by a partition of this engine
 * (nearly every local wait) then costs no timer of its own: scheduling a re-check is a queue
 * insert, and dropping it clears the entry's task; the empty entry leaves the queue when it reaches
 * the head. Setting and cancelling a Vert.x timer from a caller's thread hands a task to an event
 * loop each time, which the client path's profile showed.
 */
final class WaitTimers {

  /** A scheduled re-check; {@link #cancel} keeps it from running. */
  static final class Entry {
    private final long at;
    private volatile Runnable task;

    private Entry(long at, Runnable task) {
      this.at = at;
      this.task = task;
    }

    /** Keeps the re-check from running, and lets go of what it holds (its wait) at once. */
    void cancel() {
      task = null;
    }
  }

  private final Vertx vertx;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparingLong(e -> e.at));
  private long timer = -1;
  private long armedAt = Long.MAX_VALUE;

  WaitTimers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code task} on an event loop once {@code delayMs} have passed, unless cancelled. */
  Entry schedule(long delayMs, Runnable task) {
    Entry e = new Entry(System.nanoTime() + delayMs * 1_000_000, task);
    synchronized (this) {
      queue.add(e);
      if (e.at < armedAt) {
        arm(e.at);
      }
    }
    return e;
  }

  /** The queued entries (cancelled ones included until they come due); for tests. */
  synchronized int size() {
    return queue.size();
  }

  private void arm(long at) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    armedAt = at;
    long delayMs = Math.max(1, (at - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(delayMs, id -> fire(id));
  }

  private void fire(long id) {
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      if (id != timer) {
        return; // replaced by an earlier one meanwhile
      }
      timer = -1;
      armedAt = Long.MAX_VALUE;
      long now = System.nanoTime();
      Entry head;
      while ((head = queue.peek()) != null && (head.at <= now || head.task == null)) {
        queue.poll();
        Runnable task = head.task;
        if (task != null) {
          due.add(task);
        }
      }
      if (head != null) {
        arm(head.at);
      }
    }
    for (Runnable task : due) {
      task.run();
    }
  }
}
