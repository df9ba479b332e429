package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recursive terminate and purge: walks an instance's sub-orchestrations, at every depth, through
 * the {@code SubOrchestrationScheduled} events of each one's history (its current execution).
 *
 * <p>Terminate goes top down: a parent is terminated and, once it has stopped (so it starts no
 * child after its history is read), its children are terminated in turn. A child whose start is
 * still in a queue gets its terminate kept until it starts. Purge goes bottom up, and only when the
 * whole tree has finished: a purge that stops half way can be run again, since a parent's history
 * (which names its children) is deleted last.
 */
final class InstanceTree {

  /** How long a terminated parent may take to stop before its children are looked at. */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final BatonImpl engine;
  private final DurableClientImpl client;

  InstanceTree(BatonImpl engine, DurableClientImpl client) {
    this.engine = engine;
    this.client = client;
  }

  /** Terminates the descendants of {@code instanceId}, which has just been sent its terminate. */
  Future<Void> terminateDescendants(String instanceId, String reasonJson) {
    return terminateDescendants(instanceId, reasonJson, ConcurrentHashMap.newKeySet());
  }

  private Future<Void> terminateDescendants(
      String instanceId, String reasonJson, Set<String> seen) {
    seen.add(instanceId);
    return client
        .waitForInstanceCompletion(instanceId, STOP_WAIT)
        .recover(
            t ->
                Future.failedFuture(
                    new BatonException(
                        ErrorCode.TIMEOUT,
                        "instance '"
                            + instanceId
                            + "' was sent its terminate but did not stop within "
                            + STOP_WAIT
                            + ", so its sub-orchestrations were not terminated; call terminate"
                            + " with recursive again once it has stopped",
                        t)))
        .compose(done -> children(instanceId))
        .compose(
            children -> {
              List<Future<Void>> all = new ArrayList<>();
              children.forEach(
                  (child, reported) -> {
                    if (seen.add(child)) {
                      all.add(terminate(child, reported, reasonJson, seen));
                    }
                  });
              return Future.all(all).mapEmpty();
            });
  }

  private Future<Void> terminate(
      String child, boolean reported, String reasonJson, Set<String> seen) {
    return engine
        .store()
        .instances()
        .get(child)
        .compose(
            v -> {
              if (v == null) {
                // a child that reported its end was purged; one that did not has not started yet
                return reported ? Future.succeededFuture() : send(child, null, reasonJson);
              }
              InstanceRecord row = v.value();
              if (row.status().isFinished()) {
                return terminateDescendants(child, reasonJson, seen); // it may have left children
              }
              return send(child, row, reasonJson)
                  .compose(sent -> terminateDescendants(child, reasonJson, seen));
            });
  }

  private Future<Void> send(String instanceId, InstanceRecord row, String reasonJson) {
    var now = engine.clock().instant();
    var event = new HistoryEvent.ExecutionTerminated(now, reasonJson);
    return engine.sendControl(
        List.of(new ControlMessage(instanceId, null, event)),
        row == null ? Duration.ZERO : StartWrites.untilStart(row, now));
  }

  /**
   * Purges {@code root} (finished) and its descendants, deepest first; fails with INVALID_STATE and
   * purges nothing when one of them has not finished.
   */
  Future<Integer> purge(InstanceRecord root) {
    List<String> order = new ArrayList<>();
    order.add(root.instanceId());
    Set<String> seen = new HashSet<>(order);
    return collect(List.of(root.instanceId()), order, seen)
        .compose(
            v -> {
              List<Future<Boolean>> purges = new ArrayList<>();
              Future<Void> chain = Future.succeededFuture();
              for (int i = order.size() - 1; i >= 0; i--) {
                String id = order.get(i);
                chain =
                    chain.compose(
                        x -> {
                          Future<Boolean> p = purgeOne(id);
                          purges.add(p);
                          return p.mapEmpty();
                        });
              }
              return chain.map(x -> (int) purges.stream().filter(Future::result).count());
            });
  }

  /** Adds the descendants of {@code level} to {@code order}, level by level; checks each ended. */
  private Future<Void> collect(List<String> level, List<String> order, Set<String> seen) {
    List<Future<Map<String, Boolean>>> reads = new ArrayList<>();
    for (String id : level) {
      reads.add(children(id));
    }
    return Future.all(reads)
        .compose(
            all -> {
              Set<String> next = new LinkedHashSet<>();
              for (Future<Map<String, Boolean>> r : reads) {
                for (String child : r.result().keySet()) {
                  if (seen.add(child)) {
                    next.add(child);
                  }
                }
              }
              if (next.isEmpty()) {
                return Future.succeededFuture();
              }
              List<Future<String>> rows = new ArrayList<>();
              for (String child : next) {
                rows.add(
                    engine
                        .store()
                        .instances()
                        .get(child)
                        .compose(
                            v -> {
                              if (v == null) {
                                return Future.succeededFuture((String) null);
                              }
                              if (!v.value().status().isFinished()) {
                                return Future.failedFuture(
                                    new BatonException(
                                        ErrorCode.INVALID_STATE,
                                        "sub-orchestration '"
                                            + child
                                            + "' is "
                                            + v.value().status().wireName()
                                            + "; a recursive purge needs every descendant finished"
                                            + " and purged nothing (terminate with recursive"
                                            + " first)"));
                              }
                              return Future.succeededFuture(child);
                            }));
              }
              return Future.all(rows)
                  .compose(
                      r -> {
                        List<String> present = new ArrayList<>();
                        for (Future<String> f : rows) {
                          if (f.result() != null) {
                            present.add(f.result());
                          }
                        }
                        order.addAll(present);
                        return present.isEmpty()
                            ? Future.succeededFuture()
                            : collect(present, order, seen);
                      });
            });
  }

  private Future<Boolean> purgeOne(String id) {
    return engine.store().history().delete(id).compose(h -> engine.store().instances().delete(id));
  }

  /**
   * The sub-orchestrations the current execution of {@code instanceId} started, in order, each with
   * whether its end is in the history.
   */
  private Future<Map<String, Boolean>> children(String instanceId) {
    return engine
        .store()
        .history()
        .load(instanceId)
        .map(
            h -> {
              Map<Integer, String> byTask = new LinkedHashMap<>();
              Set<Integer> ended = new HashSet<>();
              for (HistoryEvent e : h.events()) {
                switch (e) {
                  case HistoryEvent.SubOrchestrationScheduled s ->
                      byTask.put(s.taskId(), s.instanceId());
                  case HistoryEvent.SubOrchestrationCompleted c -> ended.add(c.taskId());
                  case HistoryEvent.SubOrchestrationFailed f -> ended.add(f.taskId());
                  default -> {}
                }
              }
              Map<String, Boolean> children = new LinkedHashMap<>();
              byTask.forEach(
                  (task, child) -> children.merge(child, ended.contains(task), (a, b) -> a && b));
              return children;
            });
  }
}
