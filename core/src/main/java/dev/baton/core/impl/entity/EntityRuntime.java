package dev.baton.core.impl.entity;

import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.Outgoing;
import dev.baton.core.impl.CommitFence;
import dev.baton.core.impl.ConditionalRows;
import dev.baton.core.impl.LogSafe;
import dev.baton.core.impl.replay.StepWatch;
import dev.baton.core.impl.replay.VirtualThreads;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.StoredHistory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs entity episodes for the partitions of an engine. An episode loads the entity's snapshot
 * (unless its partition holds it already), applies a batch of messages on a virtual thread (the
 * operations are user code), and commits: the snapshot replaced under its ETag (so a stale owner
 * cannot commit), the status row (under the row's ETag, and never over a row of a later snapshot,
 * so a stale owner's late row write cannot either), then the outbox sent. Only after that does the
 * partition delete the batch's messages; a crash in between redelivers them, the inbox drops them
 * as duplicates, and the outbox of the reloaded snapshot is sent again. Once the partition has
 * stopped ({@link CommitFence}), an episode still under way writes and sends nothing more: that is
 * left to the next owner, which gets the batch's messages again.
 */
public final class EntityRuntime {

  private static final System.Logger LOG = System.getLogger(EntityRuntime.class.getName());

  /** The longest delay one queue message carries; a later wake-up is asked for again. */
  private static final Duration MAX_DELAY = Duration.ofDays(6);

  /** How long a request waits for an earlier one from its sender before the gap is skipped. */
  static final Duration REORDER_WINDOW = Duration.ofMinutes(10);

  /** Conditional row writes tried before a row write gives up (each lost race costs one). */
  private static final int ROW_WRITE_TRIES = 5;

  private final EntityHost host;
  private final EntityBatch.Env env;

  public EntityRuntime(EntityHost host) {
    this.host = host;
    this.env =
        new EntityBatch.Env(
            host.converter(),
            host::entity,
            host::hasOrchestrator,
            REORDER_WINDOW,
            host.operationSpans());
  }

  /**
   * An entity as its partition keeps it between episodes: its snapshot, the ETag of its history,
   * whether the snapshot's outbox is known to be sent, and the last row written. Touched only on
   * the partition's context; dropped (and reloaded) after any failed episode.
   */
  public static final class Loaded {
    private final EntityId id;
    private String etag;
    private EntitySnapshot snapshot;
    private boolean outboxSent;
    private InstanceRecord row;
    private EntityRows.RowKey rowKey;
    private String rowEtag;

    /**
     * The inbox of the last batch, which says what {@link #inboxOf} says of its senders and waiting
     * requests; the next batch goes on with it instead of reading it from the snapshot again.
     */
    private EntityInbox inbox;

    private EntitySnapshot inboxOf;

    private Loaded(EntityId id) {
      this.id = id;
    }

    /** The snapshot this entity holds in memory, or {@code null} when it has none. */
    public EntitySnapshot snapshot() {
      return snapshot;
    }
  }

  /**
   * Applies {@code messages} to the entity of {@code instanceId} and commits the result; completes
   * on {@code context} with the entity as it now is.
   *
   * @param loaded the entity from the previous episode, or {@code null} to load it
   * @param scheduler where the operations' virtual thread runs (e.g. the partition's event loop),
   *     or {@code null} for the JDK's default
   * @param fence the partition's stop fence, checked before each write of the commit
   */
  public Future<Loaded> episode(
      String instanceId,
      Loaded loaded,
      List<HistoryEvent> messages,
      Context context,
      Executor scheduler,
      CommitFence fence) {
    EntityId id;
    try {
      id = loaded != null ? loaded.id : EntityId.fromInstanceId(instanceId);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "dropped "
              + messages.size()
              + " messages for '"
              + LogSafe.text(instanceId)
              + "': "
              + LogSafe.text(e.getMessage()));
      return Future.succeededFuture(null);
    }
    Future<Loaded> ready = loaded != null ? Future.succeededFuture(loaded) : load(id);
    return ready.compose(
        l -> {
          Instant now = host.clock().instant();
          return process(l, messages, now, context, scheduler)
              .compose(
                  r ->
                      commit(l, r, now, fence)
                          .onSuccess(
                              x -> {
                                keepInbox(l, r);
                                host.entityBatchCommitted(
                                    l.id.name(), r.operations(), r.lockWaits());
                              }));
        });
  }

  /**
   * Keeps the batch's inbox for the next one when it matches the snapshot now held: the one the
   * batch committed, or the unchanged one it started from. A failed episode drops the whole {@link
   * Loaded}, inbox and all, so an inbox a batch changed is never used without its snapshot.
   */
  private static void keepInbox(Loaded l, EntityBatch.Result r) {
    boolean matches = l.snapshot != null && (r.changed() ? l.snapshot == r.snapshot() : true);
    l.inbox = matches ? r.inbox() : null;
    l.inboxOf = matches ? l.snapshot : null;
  }

  private Future<Loaded> load(EntityId id) {
    return host.store()
        .history()
        .load(id.instanceId())
        .map(
            (StoredHistory h) -> {
              var l = new Loaded(id);
              l.etag = h.etag();
              if (!h.events().isEmpty() && h.events().getLast() instanceof EntitySnapshot s) {
                l.snapshot = s;
              }
              return l;
            });
  }

  private Future<EntityBatch.Result> process(
      Loaded l, List<HistoryEvent> messages, Instant now, Context context, Executor scheduler) {
    List<Outgoing> unsent = l.outboxSent || l.snapshot == null ? List.of() : l.snapshot.outbox();
    EntityInbox kept = l.snapshot != null && l.inboxOf == l.snapshot ? l.inbox : null;
    Promise<EntityBatch.Result> promise = Promise.promise();
    VirtualThreads.builder(scheduler)
        .name("baton-entity-" + l.id.instanceId())
        .start(
            () -> {
              EntityBatch.Result result = null;
              Throwable failure = null;
              StepWatch.Watched watched = host.stepWatch().watch(l.id.instanceId());
              try {
                result = new EntityBatch(env, l.id, l.snapshot, unsent, now, kept).run(messages);
              } catch (Throwable t) {
                failure = t;
              } finally {
                watched.end();
              }
              EntityBatch.Result r = result;
              Throwable f = failure;
              context.runOnContext(
                  v -> {
                    if (f != null) {
                      promise.fail(f);
                    } else {
                      promise.complete(r);
                    }
                  });
            });
    return promise.future();
  }

  /**
   * Commits an episode's result. Every write (history, row, outbox) first checks {@code fence}: the
   * load or the operations before it, or the write before it, may have been answered after the
   * partition stopped, when its lease may be another engine's.
   */
  private Future<Loaded> commit(Loaded l, EntityBatch.Result r, Instant now, CommitFence fence) {
    String instanceId = l.id.instanceId();
    var history = host.store().history();
    if (r.remove()) {
      Future<String> owned =
          l.etag == null
              ? Future.succeededFuture()
              : fence.unlessClosed(
                  instanceId, () -> history.replace(instanceId, l.etag, List.of(r.snapshot())));
      return owned
          .compose(e -> fence.unlessClosed(instanceId, () -> history.delete(instanceId)))
          .compose(
              b ->
                  fence.unlessClosed(instanceId, () -> host.store().instances().delete(instanceId)))
          .map(
              b -> {
                l.etag = null;
                l.snapshot = null;
                l.row = null;
                l.rowKey = null;
                l.rowEtag = null;
                l.outboxSent = true;
                return l;
              });
    }
    if (!r.changed()) {
      if (l.snapshot != null && r.keep()) {
        // the answer to a clean-up: kept
        return fence.unlessClosed(instanceId, () -> writeRow(l, l.snapshot, true, false)).map(l);
      }
      if (l.snapshot == null || l.outboxSent) {
        return Future.succeededFuture(l);
      }
      // The first episode after a load: finish what the last commit may not have finished.
      return fence
          .unlessClosed(instanceId, () -> writeRow(l, l.snapshot, true, false))
          .compose(v -> fence.unlessClosed(instanceId, () -> send(l.snapshot.outbox(), now)))
          .map(
              v -> {
                l.outboxSent = true;
                return l;
              });
    }
    EntitySnapshot s = r.snapshot();
    boolean fresh = l.etag == null && l.row == null; // no history yet: no row of this incarnation
    Future<String> written =
        fence.unlessClosed(
            instanceId,
            () ->
                l.etag == null
                    ? history.append(instanceId, null, List.of(s))
                    : history.replace(instanceId, l.etag, List.of(s)));
    return written
        .compose(
            etag -> {
              l.etag = etag;
              l.snapshot = s;
              l.outboxSent = false;
              return fence.unlessClosed(instanceId, () -> writeRow(l, s, r.keep(), fresh));
            })
        .compose(v -> fence.unlessClosed(instanceId, () -> send(s.outbox(), now)))
        .map(
            v -> {
              l.outboxSent = true;
              return l;
            });
  }

  /**
   * Writes the row of {@code s} unless the last row written says the same. {@code fresh}: the
   * entity's first commit, whose row is most likely new, so it is inserted without a read first. A
   * missing row is created only while this entity has written none (since it was loaded or
   * created): once it has, a row found missing was purged, and a stale owner's late write must not
   * bring it back.
   */
  private Future<Void> writeRow(Loaded l, EntitySnapshot s, boolean force, boolean fresh) {
    EntityRows.RowKey key = EntityRows.RowKey.of(s);
    if (!force && key.equals(l.rowKey)) {
      return Future.succeededFuture();
    }
    InstanceRecord row =
        l.row != null && key.sameInfo(l.rowKey)
            ? EntityRows.row(l.id, s, l.row.customStatus())
            : EntityRows.row(l.id, s);
    Future<Boolean> written =
        ConditionalRows.write(
                host.store().instances(), row, l.rowEtag, l.row == null, fresh, ROW_WRITE_TRIES)
            .transform(
                ar -> {
                  l.rowEtag = ar.succeeded() ? ar.result().etag() : null;
                  return ar.succeeded()
                      ? Future.succeededFuture(ar.result().written())
                      : Future.failedFuture(ar.cause());
                });
    return written.map(
        w -> {
          if (w) {
            l.row = row;
            l.rowKey = key;
            host.statusChanged(row);
          } else {
            LOG.log(
                System.Logger.Level.DEBUG,
                "row of '"
                    + LogSafe.text(row.instanceId())
                    + "' not written: the stored one is newer");
          }
          return null;
        });
  }

  private Future<Void> send(List<Outgoing> outbox, Instant now) {
    if (outbox.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ControlMessage> atOnce = new ArrayList<>(outbox.size());
    List<Future<Void>> sends = new ArrayList<>(2);
    for (Outgoing o : outbox) {
      var message = new ControlMessage(o.instanceId(), o.executionId(), o.event());
      if (o.deliverAt() == null || !o.deliverAt().isAfter(now)) {
        atOnce.add(message);
      } else {
        Duration delay = Duration.between(now, o.deliverAt());
        delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        sends.add(host.sendControl(List.of(message), delay));
      }
    }
    sends.add(host.sendControl(atOnce, Duration.ZERO));
    return Future.all(sends).mapEmpty();
  }
}
