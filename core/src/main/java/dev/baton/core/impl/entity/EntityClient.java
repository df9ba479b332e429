package dev.baton.core.impl.entity;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.entity.CleanEntityStorageResult;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.EntityPage;
import dev.baton.core.entity.EntityQuery;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityCleanupRequested;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.impl.Checks;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The entity half of the durable client: signals, reads, queries and clean-up, straight on the task
 * hub's stores.
 *
 * <p>Signals go through {@link SignalChannels}: each target gets its own channel (a random source
 * name and a counter), so the entity applies this client's signals once each and in the order they
 * were sent. A failed send may or may not have delivered its message; the channel is then replaced,
 * so later signals do not wait for a number that may never come.
 */
public final class EntityClient {

  /** How long clean-up waits for the entities to act on its requests. */
  private static final Duration CLEAN_WAIT = Duration.ofSeconds(10);

  private final EntityHost host;
  private final SignalChannels signals;

  public EntityClient(EntityHost host) {
    this.host = host;
    this.signals = new SignalChannels(host, EntityClient::storeError);
  }

  /** Signals {@code operation} to {@code entity}, at {@code at} or at once when {@code null}. */
  /**
   * Fails with INVALID_ENTITY_ID or UNKNOWN_ENTITY unless {@code entity} names a registered one.
   */
  public Future<Void> checkRegistered(EntityId entity) {
    return Checks.check(
        () -> {
          checkRunning();
          if (entity == null) {
            throw new BatonException(ErrorCode.INVALID_ENTITY_ID, "an entity id is needed");
          }
          if (host.entity(entity.name()) == null) {
            throw EntityBatch.unknownEntity(entity.name());
          }
        });
  }

  public Future<Void> signalEntity(EntityId entity, String operation, Object input, Instant at) {
    final String json;
    try {
      checkRunning();
      if (entity == null) {
        throw new BatonException(ErrorCode.INVALID_ENTITY_ID, "signalEntity needs an entity id");
      }
      OperationContext.checkSignalOperation(operation);
      if (host.entity(entity.name()) == null) {
        throw EntityBatch.unknownEntity(entity.name());
      }
      json = host.converter().serialize(input);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return signals.send(entity.instanceId(), operation, json, at, host.traceParent());
  }

  /** The entity with its state, or {@code null} when it does not exist or has no state. */
  public Future<EntityMetadata> getEntity(EntityId entity, boolean includeState) {
    return Checks.check(
            () -> {
              checkRunning();
              Objects.requireNonNull(entity, "entity");
            })
        .compose(v -> host.store().instances().get(entity.instanceId()))
        .compose(
            v -> {
              if (v == null || !EntityRows.hasState(v.value())) {
                return Future.succeededFuture(null);
              }
              return withState(v.value(), includeState);
            })
        .map(m -> m == null || !m.hasState() ? null : m)
        .recover(t -> Future.failedFuture(storeError(t, "read '" + entity + "'")));
  }

  /**
   * The entity's history, read again (up to {@code tries} times in all) when a commit replaced it
   * meanwhile and a store that keeps it in a blob no longer has the one it had listed.
   */
  private Future<dev.baton.core.spi.StoredHistory> history(String instanceId, int tries) {
    return host.store()
        .history()
        .load(instanceId)
        .recover(
            t ->
                tries > 1 && StoreException.is(t, StoreException.Reason.NOT_FOUND)
                    ? history(instanceId, tries - 1)
                    : Future.failedFuture(t));
  }

  private Future<EntityMetadata> withState(InstanceRecord row, boolean includeState) {
    if (!includeState) {
      return Future.succeededFuture(EntityRows.metadata(row, null, host.converter()));
    }
    return history(row.instanceId(), 3)
        .map(
            h -> {
              if (!h.events().isEmpty() && h.events().getLast() instanceof EntitySnapshot s) {
                // read from one commit: the row may be a step behind or ahead of the history
                return EntityRows.metadata(
                    EntityId.fromInstanceId(row.instanceId()), s, host.converter());
              }
              return EntityRows.metadata(row, null, host.converter());
            });
  }

  /** One page of the entities {@code query} selects. */
  public Future<EntityPage> queryEntities(EntityQuery query) {
    return Checks.check(this::checkRunning).compose(v -> page(query));
  }

  private Future<EntityPage> page(EntityQuery query) {
    EntityQuery q = query == null ? new EntityQuery() : query;
    String prefix =
        "@" + (q.getNamePrefix() == null ? "" : q.getNamePrefix().toLowerCase(Locale.ROOT));
    Predicate<InstanceRecord> wanted =
        r ->
            EntityRouting.isEntity(r.instanceId())
                && (q.getLastOperationFrom() == null
                    || !r.lastUpdatedAt().isBefore(q.getLastOperationFrom()))
                && (q.getLastOperationTo() == null
                    || !r.lastUpdatedAt().isAfter(q.getLastOperationTo()))
                && (q.isIncludeDeleted() || EntityRows.hasState(r));
    Promise<Page<InstanceRecord>> rows = Promise.promise();
    collect(
        new InstanceFilter(Set.of(), null, null, prefix),
        wanted,
        q.getPageSize(),
        q.getContinuationToken(),
        new ArrayList<>(),
        rows);
    return rows.future()
        .compose(
            page -> {
              List<Future<EntityMetadata>> items = new ArrayList<>(page.items().size());
              for (InstanceRecord r : page.items()) {
                items.add(withState(r, q.isIncludeState() && EntityRows.hasState(r)));
              }
              return Future.all(items)
                  .map(
                      all -> {
                        List<EntityMetadata> out = new ArrayList<>(items.size());
                        items.forEach(f -> out.add(f.result()));
                        return new EntityPage(out, page.continuation());
                      });
            })
        .recover(
            t ->
                Future.failedFuture(
                    t instanceof IllegalArgumentException
                        // the store refused what the caller sent: its continuation token
                        ? new BatonException(
                            ErrorCode.INVALID_ARGUMENT,
                            "the entity query's continuation token was not issued by this store;"
                                + " pass back only a token a query returned",
                            t)
                        : storeError(t, "query entities")));
  }

  /** Reads store pages until {@code pageSize} rows match or the rows run out. */
  private void collect(
      InstanceFilter filter,
      Predicate<InstanceRecord> wanted,
      int pageSize,
      String continuation,
      List<InstanceRecord> found,
      Promise<Page<InstanceRecord>> done) {
    host.store()
        .instances()
        .query(filter, pageSize - found.size(), continuation)
        .onFailure(done::fail)
        .onSuccess(
            page -> {
              for (InstanceRecord r : page.items()) {
                if (wanted.test(r)) {
                  found.add(r);
                }
              }
              if (found.size() >= pageSize || !page.hasMore()) {
                done.complete(new Page<>(found, page.continuation()));
              } else {
                collect(filter, wanted, pageSize, page.continuation(), found, done);
              }
            });
  }

  /**
   * Releases locks whose orchestration has ended or is gone, then removes entities without state,
   * lock or waiting work. The entities do the work in their own episodes; this waits for them.
   */
  public Future<CleanEntityStorageResult> cleanEntityStorage(
      boolean removeEmptyEntities, boolean releaseOrphanedLocks) {
    return Checks.check(this::checkRunning)
        .compose(v -> releaseOrphanedLocks ? releaseOrphanedLocks() : Future.succeededFuture(0))
        .compose(
            n ->
                (removeEmptyEntities ? removeEmptyEntities() : Future.succeededFuture(0))
                    .map(m -> new CleanEntityStorageResult(m, n)))
        .recover(t -> Future.failedFuture(storeError(t, "clean entity storage")));
  }

  private Future<Integer> releaseOrphanedLocks() {
    return allEntityRows()
        .compose(
            rows -> {
              List<Future<String>> orphans = new ArrayList<>();
              for (Versioned<InstanceRecord> v : rows) {
                InstanceRecord r = v.value();
                EntityRows.Info info = EntityRows.info(r);
                if (info.lockedBy() != null) {
                  orphans.add(releaseIfOrphaned(r.instanceId(), info));
                }
              }
              return Future.all(orphans)
                  .compose(
                      all -> {
                        List<String> sent = new ArrayList<>();
                        for (Future<String> f : orphans) {
                          if (f.result() != null) {
                            sent.add(f.result());
                          }
                        }
                        Predicate<Versioned<InstanceRecord>> released =
                            v ->
                                v == null
                                    || !Objects.equals(
                                        EntityRows.info(v.value()).lockRequestId(),
                                        lockOf(sent, v.value().instanceId()));
                        return awaitRows(sent, released, released);
                      });
            });
  }

  /** Sends a release when the lock holder has ended; answers {@code id|requestId}, or null. */
  private Future<String> releaseIfOrphaned(String entityId, EntityRows.Info info) {
    return host.store()
        .instances()
        .get(info.lockedBy())
        .compose(
            holder -> {
              boolean orphaned =
                  holder == null
                      || holder.value().status().isFinished()
                      || !holder.value().executionId().equals(info.lockExecutionId());
              if (!orphaned) {
                return Future.succeededFuture(null);
              }
              HistoryEvent release =
                  new EntityLockReleased(
                      host.clock().instant(), -1, info.lockRequestId(), List.of(entityId));
              return host.sendControl(
                      List.of(new ControlMessage(entityId, null, release)), Duration.ZERO)
                  .map(v -> entityId + "|" + info.lockRequestId());
            });
  }

  private static String lockOf(List<String> sent, String entityId) {
    for (String s : sent) {
      if (s.startsWith(entityId + "|")) {
        return s.substring(entityId.length() + 1);
      }
    }
    return null;
  }

  private Future<Integer> removeEmptyEntities() {
    return allEntityRows()
        .compose(
            rows -> {
              List<ControlMessage> requests = new ArrayList<>();
              List<String> ids = new ArrayList<>();
              Instant now = host.clock().instant();
              for (Versioned<InstanceRecord> v : rows) {
                InstanceRecord r = v.value();
                EntityRows.Info info = EntityRows.info(r);
                if (!info.hasState() && info.lockedBy() == null && info.backlog() == 0) {
                  requests.add(
                      new ControlMessage(r.instanceId(), null, new EntityCleanupRequested(now)));
                  ids.add(r.instanceId() + "|" + v.etag());
                }
              }
              // the entity removes its row, or rewrites it when it keeps itself
              return host.sendControl(requests, Duration.ZERO)
                  .compose(
                      v ->
                          awaitRows(
                              ids,
                              row -> row == null || !ids.contains(id(row) + "|" + row.etag()),
                              row -> row == null));
            });
  }

  /** Every entity's row, with its ETag. */
  private Future<List<Versioned<InstanceRecord>>> allEntityRows() {
    Promise<List<InstanceRecord>> done = Promise.promise();
    allEntityRows(null, new ArrayList<>(), done);
    var instances = host.store().instances();
    return done.future()
        .compose(
            rows -> {
              List<Future<Versioned<InstanceRecord>>> reads = new ArrayList<>(rows.size());
              for (InstanceRecord r : rows) {
                reads.add(instances.get(r.instanceId()));
              }
              return Future.all(reads)
                  .map(
                      all -> {
                        List<Versioned<InstanceRecord>> out = new ArrayList<>(reads.size());
                        for (var f : reads) {
                          if (f.result() != null) {
                            out.add(f.result());
                          }
                        }
                        return out;
                      });
            });
  }

  private void allEntityRows(
      String continuation, List<InstanceRecord> rows, Promise<List<InstanceRecord>> done) {
    host.store()
        .instances()
        .query(
            new InstanceFilter(Set.of(), null, null, "@"), EntityQuery.MAX_PAGE_SIZE, continuation)
        .onFailure(done::fail)
        .onSuccess(
            page -> {
              rows.addAll(page.items());
              if (page.hasMore()) {
                allEntityRows(page.continuation(), rows, done);
              } else {
                done.complete(rows);
              }
            });
  }

  private static String id(Versioned<InstanceRecord> row) {
    return row.value().instanceId();
  }

  /**
   * Polls the rows of {@code keys} ({@code id|...}) until {@code done} holds for each or {@link
   * #CLEAN_WAIT} has passed; completes with how many of the final rows {@code counted} holds for.
   */
  private Future<Integer> awaitRows(
      List<String> keys,
      Predicate<Versioned<InstanceRecord>> done,
      Predicate<Versioned<InstanceRecord>> counted) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Promise<Integer> result = Promise.promise();
    long deadline = System.nanoTime() + CLEAN_WAIT.toNanos();
    var poller =
        new Object() {
          final List<String> open = new ArrayList<>(keys);
          int count;
          long delay = 5;

          void check() {
            List<Future<Versioned<InstanceRecord>>> checks = new ArrayList<>(open.size());
            for (String key : open) {
              String id = key.substring(0, key.indexOf('|'));
              checks.add(host.store().instances().get(id));
            }
            Future.join(checks)
                .onComplete(
                    ar -> {
                      List<String> still = new ArrayList<>();
                      for (int i = 0; i < checks.size(); i++) {
                        Future<Versioned<InstanceRecord>> c = checks.get(i);
                        if (!c.succeeded() || !done.test(c.result())) {
                          still.add(open.get(i));
                        } else if (counted.test(c.result())) {
                          count++;
                        }
                      }
                      open.retainAll(still);
                      if (open.isEmpty() || System.nanoTime() > deadline) {
                        result.complete(count);
                      } else {
                        host.vertx().setTimer(delay, t -> check());
                        delay = Math.min(delay * 2, 200);
                      }
                    });
          }
        };
    poller.check();
    return result.future();
  }

  private void checkRunning() {
    if (!host.isRunning()) {
      throw new BatonException(ErrorCode.NOT_RUNNING, "the engine is not running");
    }
  }

  private static Throwable storeError(Throwable t, String what) {
    return Checks.storeError(t, what);
  }
}
