package dev.baton.storage.memory;

import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.Versioned;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Status rows in a hash map, so reading or rewriting a row costs the same however many there are,
 * and their ids in a sorted set, so queries page in id order and resume after the last id they
 * returned. The continuation token is that id, base64url-encoded so it travels safely in an HTTP
 * header.
 *
 * <p>Every row's id reaches the set: a write that creates a row queues its id after the row, and a
 * query first moves the queued ids of rows that exist into the set, so a start pays a queue append
 * rather than a sorted insert, and only queries pay for the order. A delete that removes an id puts
 * it back when a row was created meanwhile. An id may outlive its row for a moment: a query skips
 * it and removes it (putting it back, like a delete, when a row was created meanwhile).
 */
final class MemoryInstanceStore implements InstanceStore {

  private final HubState hub;
  private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();

  /** The ids of rows created since the last query, not in {@link #ids} yet. */
  private final ConcurrentLinkedQueue<String> unindexed = new ConcurrentLinkedQueue<>();

  MemoryInstanceStore(HubState hub) {
    this.hub = hub;
  }

  /** A stored row; compared by identity when a conditional update swaps it. */
  private static final class Row {
    final InstanceRecord record;
    final String etag;

    Row(InstanceRecord record, String etag) {
      this.record = record;
      this.etag = etag;
    }
  }

  @Override
  public Future<Versioned<InstanceRecord>> get(String instanceId) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Row row = rows.get(instanceId);
    return Future.succeededFuture(row == null ? null : new Versioned<>(row.record, row.etag));
  }

  @Override
  public Future<String> insert(InstanceRecord record) {
    Objects.requireNonNull(record, "record");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    var row = new Row(record, hub.nextEtag());
    if (rows.putIfAbsent(record.instanceId(), row) != null) {
      return Future.failedFuture(
          new StoreException(
              StoreException.Reason.ALREADY_EXISTS,
              "instance '" + record.instanceId() + "' already has a status row"));
    }
    unindexed.add(record.instanceId());
    return Future.succeededFuture(row.etag);
  }

  @Override
  public Future<String> update(InstanceRecord record, String ifMatch) {
    Objects.requireNonNull(record, "record");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    var row = new Row(record, hub.nextEtag());
    String id = record.instanceId();
    if (ifMatch == null) {
      if (rows.put(id, row) == null) {
        unindexed.add(id);
      }
      return Future.succeededFuture(row.etag);
    }
    while (true) {
      Row current = rows.get(id);
      if (current == null) {
        return HubState.conflict("instance '" + id + "' has no status row to update");
      }
      if (!current.etag.equals(ifMatch)) {
        return HubState.conflict(
            "status row of '"
                + id
                + "' changed: expected ETag "
                + ifMatch
                + ", found "
                + current.etag);
      }
      if (rows.replace(id, current, row)) {
        return Future.succeededFuture(row.etag);
      }
    }
  }

  @Override
  public Future<Page<InstanceRecord>> query(
      InstanceFilter filter, int pageSize, String continuation) {
    Objects.requireNonNull(filter, "filter");
    if (pageSize < 1) {
      return HubState.invalid("pageSize must be at least 1, was " + pageSize);
    }
    if (hub.isDeleted()) {
      return hub.gone();
    }
    String after;
    try {
      after = continuation == null ? null : decode(continuation);
    } catch (IllegalArgumentException e) {
      return HubState.invalid("not a continuation token of this store: " + continuation);
    }
    index();
    String prefix = filter.instanceIdPrefix();
    NavigableSet<String> view;
    if (prefix != null && (after == null || after.compareTo(prefix) < 0)) {
      view = ids.tailSet(prefix, true);
    } else if (after != null) {
      view = ids.tailSet(after, false);
    } else {
      view = ids;
    }
    var items = new ArrayList<InstanceRecord>(Math.min(pageSize, 64));
    boolean more = false;
    for (String id : view) {
      if (prefix != null && !id.startsWith(prefix)) {
        break;
      }
      Row row = rows.get(id);
      if (row == null) { // deleted meanwhile
        unindex(id);
        continue;
      }
      InstanceRecord record = row.record;
      if (filter.matches(record)) {
        if (items.size() == pageSize) {
          more = true;
          break;
        }
        items.add(record);
      }
    }
    String next = more ? encode(items.get(items.size() - 1).instanceId()) : null;
    return Future.succeededFuture(new Page<>(items, next));
  }

  @Override
  public Future<Boolean> delete(String instanceId) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    boolean existed = rows.remove(instanceId) != null;
    if (existed) {
      unindex(instanceId);
    }
    return Future.succeededFuture(existed);
  }

  /** Moves the queued ids of rows that exist into the sorted set. */
  private void index() {
    String id;
    while ((id = unindexed.poll()) != null) {
      if (rows.containsKey(id)) {
        ids.add(id);
      }
    }
  }

  /** Removes the id of a row found missing, unless a row was created meanwhile. */
  private void unindex(String instanceId) {
    ids.remove(instanceId);
    if (rows.containsKey(instanceId)) {
      ids.add(instanceId); // written again meanwhile: its id stays
    }
  }

  /** Drops every row; the hub was deleted. */
  void clear() {
    rows.clear();
    ids.clear();
    unindexed.clear();
  }

  private static String encode(String instanceId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(instanceId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
  }
}
