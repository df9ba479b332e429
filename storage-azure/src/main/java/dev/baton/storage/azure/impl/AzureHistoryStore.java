package dev.baton.storage.azure.impl;

import static dev.baton.storage.azure.impl.HistoryRows.ETAG_PROPERTY;
import static dev.baton.storage.azure.impl.HistoryRows.EVENT;
import static dev.baton.storage.azure.impl.HistoryRows.EVENT_BLOB;
import static dev.baton.storage.azure.impl.HistoryRows.EVENT_TYPE;
import static dev.baton.storage.azure.impl.HistoryRows.SENTINEL;
import static dev.baton.storage.azure.impl.HistoryRows.rowKey;

import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryJson;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.StoredHistory;
import dev.baton.storage.azure.impl.HistoryRows.Head;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link HistoryStore} on the {@code {hub}History} table (layout in {@link HistoryRows}).
 *
 * <p><b>Writes.</b> An append or replace is written in table transactions of at most 100 entities
 * and about 3.5 MB, all with the instance id as PartitionKey. Every transaction also updates the
 * sentinel under its ETag, so a writer with a stale ETag fails the whole transaction and writes
 * nothing. Event rows are upserts at keys after the committed range, where only leftovers can lie.
 * Only the last transaction moves the sentinel's range over the new rows, so a write is seen all or
 * nothing.
 *
 * <p><b>A crash between transactions</b> of a write too large for one leaves rows after the
 * committed range that no read returns, and a sentinel whose ETag has changed: the writer's ETag is
 * stale, its next write fails with CONFLICT, and the engine reloads the history as it was before
 * that write and runs the episode again. The leftovers are overwritten by the next write or removed
 * with the history.
 *
 * <p><b>Replace</b> writes the new execution after the old rows and moves the range to it in its
 * last transaction; the old rows are deleted afterwards (a failure there only leaves rows that no
 * read returns). Sequence numbers therefore run on across the executions of an instance id.
 *
 * <p>Below the public methods, {@code instanceId} is the instance's PartitionKey: its id escaped by
 * {@link Keys#partitionKey}, which is the id itself unless it holds {@code ^ / \ # ?} or control
 * characters.
 */
final class AzureHistoryStore implements HistoryStore {

  private static final int MAX_EVENTS_PER_BATCH = 99; // plus the sentinel: 100 entities
  private static final long MAX_BATCH_BYTES = 3_500_000; // under the 4 MiB request limit
  private static final long ROW_OVERHEAD_BYTES = 1_000; // keys, types and multipart headers
  private static final int MAX_READ_ATTEMPTS = 3;
  private static final int MAX_CACHED_HEADS = 10_000;

  private final Vertx vertx;
  private final TableAsyncClient table;
  private final LargePayloads blobs;
  private final HistoryDeletes deletes;

  /**
   * The sentinel each instance had when this store last read it, with its Azure ETag, so an append
   * right after a load needs no second read. A stale entry costs a CONFLICT, never a wrong write:
   * the ETag it holds is checked by the service.
   */
  private final Map<String, Head> lastRead =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
              return size() > MAX_CACHED_HEADS;
            }
          });

  AzureHistoryStore(Vertx vertx, TableAsyncClient table, LargePayloads blobs) {
    this.vertx = vertx;
    this.table = table;
    this.blobs = blobs;
    this.deletes = new HistoryDeletes(vertx, table, blobs, this::list);
  }

  /** One event ready to be written: inline JSON or the name of the blob that holds it. */
  private record Row(String type, String json, String blobName) {
    long bytes() {
      return ROW_OVERHEAD_BYTES + (json == null ? blobName.length() : HistoryRows.jsonBytes(json));
    }

    TableEntity entity(String instanceId, long seq) {
      var e = new TableEntity(instanceId, rowKey(seq)).addProperty(EVENT_TYPE, type);
      return json != null ? e.addProperty(EVENT, json) : e.addProperty(EVENT_BLOB, blobName);
    }
  }

  // ---- reads

  @Override
  public Future<StoredHistory> load(String instanceId) {
    String key;
    try {
      key = Keys.partitionKey(instanceId);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return load(key, 1);
  }

  /**
   * One query reads the whole partition (event rows and the sentinel, which sorts after every hex
   * key): one request for any history that fits in one page. A page is one snapshot of the
   * partition, so the sentinel and the rows it covers agree; a history larger than a page is read
   * the safe way instead, sentinel first and then the rows of its range, which no later write
   * changes.
   */
  private Future<StoredHistory> load(String instanceId, int attempt) {
    var options =
        new ListEntitiesOptions().setFilter(OData.compare("PartitionKey", "eq", instanceId));
    return Async.future(
            vertx,
            table.listEntities(options).byPage().next(),
            "read history of '" + instanceId + "'")
        .compose(
            page -> {
              if (page != null && page.getContinuationToken() != null) {
                return loadInTwoReads(instanceId, attempt);
              }
              List<TableEntity> rows = page == null ? List.of() : page.getValue();
              TableEntity sentinel =
                  rows.isEmpty() || !SENTINEL.equals(rows.getLast().getRowKey())
                      ? null
                      : rows.getLast();
              if (sentinel == null) {
                lastRead.remove(instanceId);
                return Future.succeededFuture(StoredHistory.EMPTY);
              }
              Head head = Head.of(sentinel);
              if (head.etag() != null) {
                lastRead.put(instanceId, head);
              } else {
                lastRead.remove(instanceId); // the next write reads the sentinel first
              }
              if (head.isEmpty()) {
                return Future.succeededFuture(StoredHistory.EMPTY);
              }
              String from = rowKey(head.base());
              String to = rowKey(head.committed());
              List<TableEntity> range = new ArrayList<>();
              for (TableEntity row : rows) {
                String key = row.getRowKey();
                if (key.compareTo(from) >= 0 && key.compareTo(to) < 0 && !key.equals(SENTINEL)) {
                  range.add(row);
                }
              }
              if (!isContiguous(range, head)) {
                return attempt < MAX_READ_ATTEMPTS
                    ? load(instanceId, attempt + 1)
                    : Future.failedFuture(
                        new StoreException(
                            Reason.UNAVAILABLE,
                            "history of '" + instanceId + "' is missing rows of its range"));
              }
              return decode(range).map(events -> new StoredHistory(events, head.token()));
            });
  }

  /** Reads a history larger than one page: the sentinel, then the rows of its range. */
  private Future<StoredHistory> loadInTwoReads(String instanceId, int attempt) {
    return readHead(instanceId)
        .compose(
            head -> {
              if (head == null || head.isEmpty()) {
                return Future.succeededFuture(StoredHistory.EMPTY);
              }
              String filter =
                  OData.compare("PartitionKey", "eq", instanceId)
                      + " and "
                      + OData.compare("RowKey", "ge", rowKey(head.base()))
                      + " and "
                      + OData.compare("RowKey", "lt", rowKey(head.committed()));
              return list(filter, null)
                  .compose(
                      rows -> {
                        if (!isContiguous(rows, head)) {
                          // a replace or delete ran between the sentinel read and the query
                          return attempt < MAX_READ_ATTEMPTS
                              ? loadInTwoReads(instanceId, attempt + 1)
                              : Future.failedFuture(
                                  new StoreException(
                                      Reason.UNAVAILABLE,
                                      "history of '" + instanceId + "' changed while read"));
                        }
                        return decode(rows).map(events -> new StoredHistory(events, head.token()));
                      });
            });
  }

  private static boolean isContiguous(List<TableEntity> rows, Head head) {
    if (rows.size() != head.committed() - head.base()) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).getRowKey().equals(rowKey(head.base() + i))) {
        return false;
      }
    }
    return true;
  }

  private Future<List<HistoryEvent>> decode(List<TableEntity> rows) {
    var texts = new ArrayList<Future<String>>(rows.size());
    for (TableEntity row : rows) {
      Object blob = row.getProperty(EVENT_BLOB);
      texts.add(
          blob != null
              ? blobs.read((String) blob)
              : Future.succeededFuture((String) row.getProperty(EVENT)));
    }
    return Future.all(texts)
        .map(
            all -> {
              var events = new ArrayList<HistoryEvent>(rows.size());
              for (int i = 0; i < rows.size(); i++) {
                events.add(HistoryJson.decode(all.resultAt(i)));
              }
              return events;
            });
  }

  /** The sentinel's state, or {@code null} when there is no sentinel. */
  private Future<Head> readHead(String instanceId) {
    return Async.future(
            vertx,
            table.getEntity(instanceId, SENTINEL),
            "read history sentinel of '" + instanceId + "'")
        .map(
            entity -> {
              Head head = Head.of(entity);
              lastRead.put(instanceId, head);
              return head;
            })
        .recover(
            t -> {
              if (StoreException.is(t, Reason.NOT_FOUND)) {
                lastRead.remove(instanceId);
                return Future.succeededFuture();
              }
              return Future.failedFuture(t);
            });
  }

  private Future<List<TableEntity>> list(String filter, List<String> select) {
    var options = new ListEntitiesOptions().setFilter(filter);
    if (select != null) {
      options.setSelect(select);
    }
    return Async.future(
        vertx, table.listEntities(options).collectList(), "query " + table.getTableName());
  }

  // ---- writes

  @Override
  public Future<String> append(String instanceId, String expectedEtag, List<HistoryEvent> events) {
    return write(instanceId, expectedEtag, events, false);
  }

  @Override
  public Future<String> replace(String instanceId, String expectedEtag, List<HistoryEvent> events) {
    return write(instanceId, expectedEtag, events, true);
  }

  private Future<String> write(
      String id, String expectedEtag, List<HistoryEvent> events, boolean replace) {
    Objects.requireNonNull(events, "events");
    String instanceId;
    try {
      instanceId = Keys.partitionKey(id);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    List<Row> rows = new ArrayList<>(events.size());
    var offloads = new ArrayList<Future<String>>();
    Head expected;
    try {
      expected = expectedEtag == null ? null : Head.parse(expectedEtag);
      String folder = HistoryDeletes.blobFolder(instanceId);
      for (HistoryEvent event : events) {
        String json = HistoryJson.encode(event);
        String type = event.getClass().getSimpleName();
        if (LargePayloads.tooLargeForProperty(json)) {
          String name = LargePayloads.newBlobName(folder);
          offloads.add(blobs.write(name, json));
          rows.add(new Row(type, null, name));
        } else {
          rows.add(new Row(type, json, null));
        }
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Future.all(offloads)
        .compose(v -> current(instanceId, expected))
        .compose(
            head ->
                commit(instanceId, head, rows, replace)
                    .compose(
                        token ->
                            replace && head != null && !head.isEmpty()
                                ? deletes
                                    .range(instanceId, head.base(), head.committed())
                                    .map(token)
                                : Future.succeededFuture(token)));
  }

  /** The head the write is expected against, with its Azure ETag; {@code null}: create. */
  private Future<Head> current(String instanceId, Head expected) {
    if (expected == null) {
      return Future.succeededFuture();
    }
    Head known = lastRead.get(instanceId);
    if (expected.sameWrite(known)) {
      return Future.succeededFuture(known);
    }
    return readHead(instanceId)
        .map(
            head -> {
              if (!expected.sameWrite(head)) {
                throw conflict(instanceId);
              }
              return head;
            });
  }

  /**
   * Writes {@code rows} after {@code head} ({@code null}: a new history) in as many transactions as
   * the limits need, and returns the token of the new head.
   */
  private Future<String> commit(String instanceId, Head head, List<Row> rows, boolean replace) {
    long start = head == null ? 0 : head.committed();
    long newBase = head == null ? 0 : replace ? head.committed() : head.base();
    long newCommitted = start + rows.size();
    List<List<Row>> chunks = chunks(rows);
    return commitChunk(instanceId, head, chunks, 0, start, newBase, newCommitted)
        .recover(
            t -> {
              if (head == null && StoreException.is(t, Reason.ALREADY_EXISTS)) {
                return takeOver(instanceId, rows);
              }
              return Future.failedFuture(t);
            });
  }

  /**
   * A create found a sentinel. If its range is empty (a write that never committed, or an emptied
   * history) there is no history and the create goes on against it; else CONFLICT.
   */
  private Future<String> takeOver(String instanceId, List<Row> rows) {
    return readHead(instanceId)
        .compose(
            found -> {
              if (found == null || !found.isEmpty()) {
                return Future.failedFuture(conflict(instanceId));
              }
              return commit(instanceId, found, rows, false);
            });
  }

  private Future<String> commitChunk(
      String instanceId,
      Head head,
      List<List<Row>> chunks,
      int index,
      long seq,
      long newBase,
      long newCommitted) {
    boolean last = index == chunks.size() - 1;
    String writeId = UUID.randomUUID().toString();
    TableEntity sentinel =
        last
            ? HistoryRows.sentinel(instanceId, newBase, newCommitted, writeId)
            : HistoryRows.sentinel(
                instanceId,
                head == null ? 0 : head.base(),
                head == null ? 0 : head.committed(),
                writeId);
    var actions = new ArrayList<TableTransactionAction>(MAX_EVENTS_PER_BATCH + 1);
    if (head == null) {
      actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, sentinel));
    } else {
      sentinel.addProperty(ETAG_PROPERTY, head.etag());
      actions.add(
          new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, sentinel, true));
    }
    long next = seq;
    for (Row row : chunks.get(index)) {
      actions.add(
          new TableTransactionAction(
              TableTransactionActionType.UPSERT_REPLACE, row.entity(instanceId, next++)));
    }
    long after = next;
    var etag = new AtomicReference<String>();
    Future<Head> submitted =
        Async.future(
                vertx,
                table
                    .submitTransaction(actions)
                    .contextWrite(c -> c.put(TransactionEtagPolicy.SINK, etag)),
                "append to history of '" + instanceId + "'")
            .<Void>mapEmpty()
            .recover(
                t -> landedAnyway(instanceId, writeId, mapTransactionFailure(t, instanceId, head)))
            .map(
                v -> {
                  Head written =
                      last
                          ? new Head(newBase, newCommitted, etag.get(), writeId)
                          : Head.of(sentinel).withEtag(etag.get());
                  if (written.etag() != null) {
                    lastRead.put(instanceId, written);
                  } else {
                    lastRead.remove(instanceId); // the next write reads the sentinel first
                  }
                  return written;
                });
    if (last) {
      return submitted.map(Head::token);
    }
    return submitted
        .compose(
            written ->
                written.etag() != null ? Future.succeededFuture(written) : readHead(instanceId))
        .compose(
            written -> {
              if (written == null || !writeId.equals(written.writeId())) {
                return Future.failedFuture(conflict(instanceId));
              }
              return commitChunk(
                  instanceId, written, chunks, index + 1, after, newBase, newCommitted);
            });
  }

  /**
   * A transaction failed, but a lost response or a retry of one that had landed fails too: when the
   * sentinel carries this write's id the write landed, and it succeeds after all.
   */
  private Future<Void> landedAnyway(String instanceId, String writeId, Throwable failure) {
    if (StoreException.is(failure, Reason.ALREADY_EXISTS)) {
      return Future.failedFuture(failure); // a create that found a history: nothing landed
    }
    return readHead(instanceId)
        .transform(
            ar ->
                ar.succeeded() && ar.result() != null && writeId.equals(ar.result().writeId())
                    ? Future.succeededFuture()
                    : Future.failedFuture(failure));
  }

  /** The sentinel's failure decides: stale or missing sentinel is CONFLICT. */
  private static Throwable mapTransactionFailure(Throwable t, String instanceId, Head head) {
    Throwable cause = t.getCause() != null ? t.getCause() : t;
    if (cause instanceof TableTransactionFailedException failed) {
      Integer index = failed.getFailedTransactionActionIndex();
      String code = Async.errorCode(failed);
      if (index != null && index == 0) {
        if (head == null && "EntityAlreadyExists".equals(code)) {
          return new StoreException(
              Reason.ALREADY_EXISTS, "history of '" + instanceId + "' exists", failed);
        }
        if ("UpdateConditionNotSatisfied".equals(code) || "ResourceNotFound".equals(code)) {
          return conflict(instanceId);
        }
      }
    }
    return t;
  }

  private static StoreException conflict(String instanceId) {
    return new StoreException(
        Reason.CONFLICT,
        "history of '"
            + instanceId
            + "' was written by someone else (stale ETag): reload it and try again");
  }

  private static List<List<Row>> chunks(List<Row> rows) {
    var chunks = new ArrayList<List<Row>>();
    var current = new ArrayList<Row>();
    long bytes = 0;
    for (Row row : rows) {
      long size = row.bytes();
      if (!current.isEmpty()
          && (current.size() == MAX_EVENTS_PER_BATCH || bytes + size > MAX_BATCH_BYTES)) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(row);
      bytes += size;
    }
    chunks.add(current); // an empty write still moves the sentinel
    return chunks;
  }

  // ---- deletes

  @Override
  public Future<Boolean> delete(String instanceId) {
    String key;
    try {
      key = Keys.partitionKey(instanceId);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return delete(key, 1).onComplete(ar -> lastRead.remove(key));
  }

  /**
   * Deletes the event rows and their blobs first and the sentinel last, under its ETag: while the
   * sentinel stands no new history can start under this id, and if it was written meanwhile the
   * delete starts over.
   */
  private Future<Boolean> delete(String instanceId, int attempt) {
    return readHead(instanceId)
        .compose(
            head ->
                deletes
                    .rows(
                        instanceId,
                        OData.compare("PartitionKey", "eq", instanceId)
                            + " and "
                            + OData.compare("RowKey", "ne", SENTINEL))
                    .compose(
                        v -> {
                          if (head == null) {
                            return deletes.blobs(instanceId).map(false);
                          }
                          var sentinel =
                              new TableEntity(instanceId, SENTINEL)
                                  .addProperty(ETAG_PROPERTY, head.etag());
                          return Async.future(
                                  vertx,
                                  table.deleteEntityWithResponse(sentinel, true),
                                  "delete history sentinel of '" + instanceId + "'")
                              .compose(r -> deletes.blobs(instanceId))
                              .map(deleted -> !head.isEmpty())
                              .recover(
                                  t -> {
                                    if (StoreException.is(t, Reason.NOT_FOUND)) {
                                      return Future.succeededFuture(false);
                                    }
                                    if (StoreException.is(t, Reason.CONFLICT)
                                        && attempt < MAX_READ_ATTEMPTS) {
                                      return delete(instanceId, attempt + 1);
                                    }
                                    return Future.failedFuture(t);
                                  });
                        }));
  }
}
