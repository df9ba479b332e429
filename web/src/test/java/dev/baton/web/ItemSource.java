package dev.baton.web;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source of the integers {@code 0..count-1} that honours demand as a queue poller does: it emits
 * only what was asked for, asynchronously on its own context, and keeps the rest while paused.
 */
final class ItemSource implements ReadStream<Integer> {

  private final Context context;
  private final int count;
  private final AtomicLong emitted = new AtomicLong();
  private Handler<Integer> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private int next;
  private boolean scheduled;
  private boolean endSent;
  private int holdAt = Integer.MAX_VALUE;

  ItemSource(Vertx vertx, int count) {
    this.context = vertx.getOrCreateContext();
    this.count = count;
  }

  long emitted() {
    return emitted.get();
  }

  /** Emits no item numbered {@code index} or above until {@link #release}. */
  synchronized ItemSource holdAt(int index) {
    holdAt = index;
    return this;
  }

  /** Lets the held items go. */
  synchronized void release() {
    holdAt = Integer.MAX_VALUE;
    schedule();
  }

  @Override
  public synchronized ReadStream<Integer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public synchronized ReadStream<Integer> handler(Handler<Integer> handler) {
    this.handler = handler;
    schedule();
    return this;
  }

  @Override
  public synchronized ReadStream<Integer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Integer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public synchronized ReadStream<Integer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public synchronized ReadStream<Integer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    schedule();
    return this;
  }

  private void schedule() {
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> emit());
    }
  }

  private void emit() {
    while (true) {
      Handler<Integer> h;
      Handler<Void> end = null;
      int value;
      synchronized (this) {
        if (next == count && !endSent && endHandler != null) {
          endSent = true;
          end = endHandler;
        }
        if (end == null && (handler == null || demand == 0 || next == count || next >= holdAt)) {
          scheduled = false;
          return;
        }
        h = handler;
        value = next;
        if (end == null) {
          next++;
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
        }
      }
      if (end != null) {
        end.handle(null);
        continue;
      }
      emitted.incrementAndGet();
      h.handle(value);
    }
  }
}
