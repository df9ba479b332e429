package dev.baton.web.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.impl.LogSafe;
import dev.baton.web.stream.DurableAction;
import dev.baton.web.stream.StreamTrigger;
import dev.baton.web.stream.StreamTriggerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link StreamTrigger}: credit-based demand on the stream ({@code fetch} of as many items as
 * may still be in flight), each item kept until its action is delivered or has failed for good. All
 * state is touched on one Vert.x context; stream and client callbacks hop onto it.
 *
 * <p>An item's life: read, mapped, delivered (its start or signal stored; a start whose id is
 * already running counts as stored), then, for a start with {@code awaitStart}, awaited until its
 * instance left Pending; then settled. A failure for a passing reason (engine stopped, store
 * unavailable, a wait timing out) schedules a retry of the same step and asks the stream for
 * nothing until the retry has run. Signals to one entity wait in a lane, so only the oldest is
 * being delivered and a retry cannot overtake it.
 */
public final class StreamTriggerImpl<T> implements StreamTrigger<T> {

  private static final System.Logger LOG = System.getLogger(StreamTrigger.class.getName());

  /** How long one wait for an instance to leave Pending lasts before it is renewed. */
  private static final Duration START_WAIT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Context context;
  private final ReadStream<T> stream;
  private final Supplier<DurableClient> clients;
  private final Function<? super T, DurableAction> mapping;
  private final StreamTriggerOptions options;
  private final Promise<Void> completion = Promise.promise();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong pauses = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile BiConsumer<? super T, Throwable> failureHandler = (item, error) -> {};
  private volatile BiConsumer<? super T, Throwable> ackHandler = (item, error) -> {};

  // touched on the context only
  private int requested;
  private int retrying;
  private boolean started;
  private boolean stopped;
  private boolean ended;
  private volatile boolean stalled;
  private boolean inDemand;
  private boolean demandAgain;
  private Throwable streamFailure;
  private boolean stopTimerSet;
  private final Set<Item> live = new LinkedHashSet<>();
  private final Map<EntityId, ArrayDeque<Item>> lanes = new HashMap<>();

  public StreamTriggerImpl(
      Vertx vertx,
      ReadStream<T> stream,
      Supplier<DurableClient> clients,
      Function<? super T, DurableAction> mapping,
      StreamTriggerOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.stream = Objects.requireNonNull(stream, "stream");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.options = new StreamTriggerOptions(Objects.requireNonNull(options, "options"));
  }

  /** One item on its way into the engine. */
  private final class Item {
    final T value;
    DurableAction action;
    StartOptions startOptions;
    int attempts; // failed tries, for the pause before the next
    int counted; // failed tries while an engine ran, for maxAttempts
    boolean acked;
    boolean abandoned;

    Item(T value) {
      this.value = value;
    }
  }

  @Override
  public StreamTrigger<T> failureHandler(BiConsumer<? super T, Throwable> handler) {
    this.failureHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  @Override
  public StreamTrigger<T> ackHandler(BiConsumer<? super T, Throwable> handler) {
    this.ackHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  @Override
  public StreamTrigger<T> start() {
    onContext(
        () -> {
          if (started) {
            return;
          }
          started = true;
          stream.pause();
          stream.exceptionHandler(t -> onContext(() -> onStreamFailure(t)));
          stream.endHandler(v -> onContext(this::onEnd));
          stream.handler(item -> onContext(() -> accept(item)));
          demand();
        });
    return this;
  }

  @Override
  public Future<Void> stop() {
    onContext(
        () -> {
          stopped = true;
          stream.pause();
          maybeComplete();
          if (inFlight.get() > 0 && !stopTimerSet) {
            stopTimerSet = true;
            vertx.setTimer(
                Math.max(1, options.getStopTimeout().toMillis()), t -> onContext(this::abandonAll));
          }
        });
    return completion.future();
  }

  @Override
  public Future<Void> completion() {
    return completion.future();
  }

  @Override
  public long delivered() {
    return delivered.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public long pauses() {
    return pauses.get();
  }

  @Override
  public boolean paused() {
    return stalled;
  }

  // ---- demand -------------------------------------------------------------------------------

  private void demand() {
    if (inDemand) {
      demandAgain = true; // a fetch delivered items synchronously; look again when it returns
      return;
    }
    inDemand = true;
    try {
      do {
        demandAgain = false;
        demandOnce();
      } while (demandAgain);
    } finally {
      inDemand = false;
    }
  }

  private void demandOnce() {
    if (!started || stopped || ended) {
      return;
    }
    int credits = options.getMaxInFlight() - inFlight.get() - requested;
    if (retrying > 0 || credits <= 0) {
      if (requested == 0 && !stalled) {
        stalled = true;
        pauses.incrementAndGet();
      }
      return;
    }
    stalled = false;
    requested += credits;
    stream.fetch(credits);
  }

  private void accept(T value) {
    if (requested > 0) {
      requested--;
    }
    inFlight.incrementAndGet();
    var item = new Item(value);
    live.add(item);
    try {
      item.action = mapping.apply(value);
    } catch (RuntimeException e) {
      fail(item, e);
      return;
    }
    if (item.action == null) {
      ack(item, null);
      settle(item); // nothing to do for this item
      return;
    }
    deliver(item);
    demand(); // notes a pause when this item took the last credit
  }

  private void onEnd() {
    ended = true;
    maybeComplete();
  }

  private void onStreamFailure(Throwable t) {
    if (streamFailure == null) {
      streamFailure = t;
    }
    stopped = true;
    maybeComplete();
  }

  private void maybeComplete() {
    if ((ended || stopped) && inFlight.get() == 0) {
      if (streamFailure != null) {
        completion.tryFail(streamFailure);
      } else {
        completion.tryComplete();
      }
    }
  }

  // ---- delivery -----------------------------------------------------------------------------

  private void deliver(Item item) {
    switch (item.action) {
      case DurableAction.StartOrchestration start -> schedule(item, start);
      case DurableAction.SignalEntity signal -> {
        ArrayDeque<Item> lane = lanes.computeIfAbsent(signal.entity(), e -> new ArrayDeque<>());
        lane.addLast(item);
        if (lane.size() == 1) {
          signal(item, signal); // else it waits for the signals before it
        }
      }
    }
  }

  private void signal(Item item, DurableAction.SignalEntity signal) {
    if (item.abandoned) {
      return;
    }
    withClient(
        item,
        client -> client.signalEntity(signal.entity(), signal.operation(), signal.input()),
        (ok, error) -> {
          if (item.abandoned) {
            return;
          }
          if (error == null) {
            delivered(item);
            nextInLane(signal.entity());
          } else if (isPermanent(error) || attemptsUsedUp(item, error)) {
            fail(item, error);
            nextInLane(signal.entity());
          } else {
            retry(item, () -> signal(item, signal));
          }
        });
  }

  /** Starts the next signal to {@code entity} after the oldest one settled. */
  private void nextInLane(EntityId entity) {
    ArrayDeque<Item> lane = lanes.get(entity);
    if (lane == null) {
      return;
    }
    lane.pollFirst();
    Item next = lane.peekFirst();
    if (next == null) {
      lanes.remove(entity);
    } else {
      signal(next, (DurableAction.SignalEntity) next.action);
    }
  }

  /** Counts a failed try while an engine ran; whether the item has no tries left. */
  private boolean attemptsUsedUp(Item item, Throwable error) {
    if (hasCode(error, ErrorCode.NOT_RUNNING)) {
      return false; // no engine: not the item's fault
    }
    item.counted++;
    return options.getMaxAttempts() > 0 && item.counted >= options.getMaxAttempts();
  }

  private void schedule(Item item, DurableAction.StartOrchestration start) {
    if (item.startOptions == null) {
      // fix the instance id once, so a retry after an unclear failure cannot start a second one
      StartOptions given = start.options();
      item.startOptions = given == null ? new StartOptions() : new StartOptions(given.toJson());
      if (item.startOptions.getInstanceId() == null) {
        item.startOptions.setInstanceId(UUID.randomUUID().toString().replace("-", ""));
      }
    }
    String id = item.startOptions.getInstanceId();
    if (item.abandoned) {
      return;
    }
    withClient(
        item,
        client ->
            client.scheduleNewOrchestration(start.orchestrator(), start.input(), item.startOptions),
        (ok, error) -> {
          if (item.abandoned) {
            return;
          }
          if (error == null || hasCode(error, ErrorCode.INSTANCE_EXISTS)) {
            item.attempts = 0;
            ack(item, null); // stored: the source may let it go
            Instant startAt = item.startOptions.getScheduledStartTime();
            boolean later = startAt != null && startAt.isAfter(Instant.now());
            if (options.isAwaitStart() && !later) {
              awaitStarted(item, id);
            } else {
              delivered(item);
            }
          } else if (isPermanent(error) || attemptsUsedUp(item, error)) {
            fail(item, error);
          } else {
            retry(item, () -> schedule(item, start));
          }
        });
  }

  private void awaitStarted(Item item, String id) {
    if (item.abandoned) {
      return;
    }
    withClient(
        item,
        client -> client.waitForInstanceStart(id, START_WAIT),
        (ok, error) -> {
          if (item.abandoned) {
            return;
          }
          if (error == null || hasCode(error, ErrorCode.INSTANCE_NOT_FOUND)) {
            delivered(item); // started (or already purged: it ran)
          } else {
            retry(item, () -> awaitStarted(item, id));
          }
        });
  }

  /** Runs {@code call} on the current client and hands its outcome to {@code then} on context. */
  private <R> void withClient(
      Item item, Function<DurableClient, Future<R>> call, BiConsumer<R, Throwable> then) {
    Future<R> result;
    try {
      DurableClient client = clients.get();
      if (client == null) {
        throw new BatonException(ErrorCode.NOT_RUNNING, "no engine is running");
      }
      result = call.apply(client);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> onContext(() -> then.accept(ar.result(), ar.cause())));
  }

  private void retry(Item item, Runnable step) {
    retrying++;
    if (requested > 0) {
      // the engine is unavailable: take back what was asked for and not yet read
      stream.pause();
      requested = 0;
    }
    demand(); // records the pause
    long initial = options.getRetryInitialDelay().toMillis();
    long delay =
        Math.min(options.getRetryMaxDelay().toMillis(), initial << Math.min(item.attempts, 20));
    item.attempts++;
    vertx.setTimer(
        Math.max(1, delay),
        t ->
            onContext(
                () -> {
                  retrying--;
                  if (!item.abandoned) {
                    step.run();
                  }
                  demand();
                }));
  }

  private void delivered(Item item) {
    delivered.incrementAndGet();
    ack(item, null);
    settle(item);
  }

  private void fail(Item item, Throwable error) {
    failed.incrementAndGet();
    try {
      failureHandler.accept(item.value, error);
    } catch (RuntimeException e) {
      // a failing handler must not stop the stream, nor go unnoticed
      LOG.log(
          System.Logger.Level.ERROR,
          "the stream trigger's failure handler threw",
          LogSafe.thrown(e));
    }
    ack(item, error);
    settle(item);
  }

  /** Acknowledges {@code item} once: stored ({@code null}) or given up ({@code error}). */
  private void ack(Item item, Throwable error) {
    if (item.acked) {
      return;
    }
    item.acked = true;
    try {
      ackHandler.accept(item.value, error);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR, "the stream trigger's ack handler threw", LogSafe.thrown(e));
    }
  }

  private void settle(Item item) {
    if (!live.remove(item)) {
      return; // abandoned by a stop, settled then
    }
    inFlight.decrementAndGet();
    demand();
    maybeComplete();
  }

  /** The stop timeout passed: gives up on every item still in flight and completes. */
  private void abandonAll() {
    var reason =
        new BatonException(
            ErrorCode.NOT_RUNNING,
            "the stream trigger stopped before the item was delivered; the source keeps it");
    for (Item item : new ArrayList<>(live)) {
      item.abandoned = true;
      ack(item, reason);
      settle(item);
    }
    lanes.clear();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private static boolean hasCode(Throwable t, ErrorCode code) {
    return t instanceof BatonException be && be.code() == code;
  }

  /** Whether no retry can help: the item itself is wrong. */
  static boolean isPermanent(Throwable t) {
    if (t instanceof BatonException be) {
      return be.code().isBadInput();
    }
    return t instanceof IllegalArgumentException;
  }
}
