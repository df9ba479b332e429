package dev.baton.storage.azure.impl;

import com.azure.core.http.rest.Response;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The {@link InstanceStore} on the {@code {hub}Instances} table (layout in {@link InstanceRows}).
 * Every query filter is built by {@link OData}, which escapes every value.
 *
 * <p>Offloaded payloads get a new blob on every upload, and a blob is never written twice, so a
 * failed conditional write never touches the blobs of the row that stays. An execution's input does
 * not change, so it is uploaded once: a write under the ETag of a row this store wrote or read, of
 * the same execution with the same input, names that row's input blob instead ({@link
 * StoredInputs}, which says why the blob is still there). Any other write (an insert, a write
 * without an ETag or under one this store has not seen, another execution's or another input)
 * uploads it. The blobs of a failed write are left in place (its response may have been lost while
 * the row landed) and collected like superseded ones. After a write that uploads, the blobs of the
 * instance that the row no longer refers to and that are older than {@link #GARBAGE_AGE} are
 * deleted (the age leaves any write still in flight alone); {@link #delete} removes them all.
 */
final class AzureInstanceStore implements InstanceStore {

  static final Duration GARBAGE_AGE = Duration.ofMinutes(1);
  private static final int MAX_PAGE = 1000;

  private final Vertx vertx;
  private final TableAsyncClient table;
  private final LargePayloads blobs;
  private final StoredInputs inputs = new StoredInputs(StoredInputs.DEFAULT_CAPACITY);

  AzureInstanceStore(Vertx vertx, TableAsyncClient table, LargePayloads blobs) {
    this.vertx = vertx;
    this.table = table;
    this.blobs = blobs;
  }

  @Override
  public Future<Versioned<InstanceRecord>> get(String instanceId) {
    return get(instanceId, true);
  }

  private Future<Versioned<InstanceRecord>> get(String instanceId, boolean retry) {
    String key;
    try {
      key = Keys.partitionKey(instanceId);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return readRow(key)
        .compose(
            row -> {
              if (row == null) {
                return Future.succeededFuture();
              }
              return InstanceRows.decode(row, blobs)
                  .map(
                      r -> {
                        String inputBlob = InstanceRows.inputBlobName(row);
                        inputs.remember(
                            instanceId,
                            row.getETag(),
                            r.executionId(),
                            inputBlob,
                            inputBlob == null ? null : StoredInputs.digest(r.input()));
                        return new Versioned<>(r, row.getETag());
                      })
                  .recover(
                      t ->
                          // the row changed and its old blob was collected: read it again
                          retry && StoreException.is(t, Reason.NOT_FOUND)
                              ? get(instanceId, false)
                              : Future.failedFuture(t));
            });
  }

  /** The row under the PartitionKey {@code key}, or {@code null}. */
  private Future<TableEntity> readRow(String key) {
    return Async.future(vertx, table.getEntity(key, ""), "read instance '" + key + "'")
        .recover(
            t ->
                StoreException.is(t, Reason.NOT_FOUND)
                    ? Future.succeededFuture()
                    : Future.failedFuture(t));
  }

  @Override
  public Future<String> insert(InstanceRecord record) {
    return write(record, true, null);
  }

  @Override
  public Future<String> update(InstanceRecord record, String ifMatch) {
    return write(record, false, ifMatch);
  }

  private Future<String> write(InstanceRecord record, boolean create, String ifMatch) {
    Objects.requireNonNull(record, "record");
    String id = record.instanceId();
    InstanceRows.Encoded encoded;
    byte[] inputDigest;
    try {
      inputDigest =
          LargePayloads.tooLargeForProperty(record.input())
              ? StoredInputs.digest(record.input())
              : null;
      String storedInput =
          create ? null : inputs.blobFor(id, ifMatch, record.executionId(), inputDigest);
      encoded = InstanceRows.encode(record, storedInput);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    var uploads = new ArrayList<Future<String>>();
    for (InstanceRows.Offload o : encoded.offloads()) {
      uploads.add(blobs.write(o.blobName(), o.text()));
    }
    TableEntity entity = encoded.entity();
    return Future.all(uploads)
        .compose(
            v -> {
              if (create) {
                return Async.future(
                        vertx,
                        table.createEntityWithResponse(entity),
                        "insert instance '" + id + "'")
                    .map(AzureInstanceStore::etag);
              }
              if (ifMatch == null) {
                return Async.future(
                        vertx,
                        table.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE),
                        "write instance '" + id + "'")
                    .map(AzureInstanceStore::etag);
              }
              entity.addProperty(HistoryRows.ETAG_PROPERTY, ifMatch);
              return Async.future(
                      vertx,
                      table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true),
                      "update instance '" + id + "'")
                  .map(AzureInstanceStore::etag)
                  .recover(
                      t ->
                          Future.failedFuture(
                              StoreException.is(t, Reason.NOT_FOUND)
                                      || StoreException.is(t, Reason.CONFLICT)
                                  ? new StoreException(
                                      Reason.CONFLICT,
                                      "instance '"
                                          + id
                                          + "' changed or is gone (stale ETag): read it again",
                                      t)
                                  : t));
            })
        .onSuccess(
            etag -> {
              inputs.remember(
                  id, etag, record.executionId(), InstanceRows.inputBlobName(entity), inputDigest);
              if (!encoded.offloads().isEmpty()) {
                collectGarbage(id, InstanceRows.blobNames(entity));
              }
            });
  }

  private static String etag(Response<?> response) {
    String etag = response.getHeaders().getValue("ETag");
    if (etag == null) {
      throw new StoreException(Reason.UNAVAILABLE, "the table service answered without an ETag");
    }
    // Azurite's header drops the closing quote that the entity's odata.etag has: one form only
    return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
  }

  /** Deletes this instance's blobs that {@code keep} does not name and that are old enough. */
  private Future<Void> collectGarbage(String instanceId, List<String> keep) {
    OffsetDateTime cutoff = OffsetDateTime.now().minus(GARBAGE_AGE);
    return listBlobs(instanceId)
        .compose(
            items -> {
              var kept = new HashSet<>(keep);
              var stale = new ArrayList<String>();
              for (BlobItem item : items) {
                OffsetDateTime modified = item.getProperties().getLastModified();
                if (!kept.contains(item.getName())
                    && modified != null
                    && modified.isBefore(cutoff)) {
                  stale.add(item.getName());
                }
              }
              return blobs.deleteQuietly(stale);
            })
        .otherwiseEmpty();
  }

  private Future<List<BlobItem>> listBlobs(String instanceId) {
    var options = new ListBlobsOptions().setPrefix(InstanceRows.blobFolder(instanceId) + "/");
    return Async.future(
        vertx,
        blobs.container().listBlobs(options).collectList(),
        "list blobs of instance '" + instanceId + "'");
  }

  @Override
  public Future<Boolean> delete(String instanceId) {
    String key;
    try {
      key = Keys.partitionKey(instanceId);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    inputs.forget(instanceId);
    return readRow(key)
        .compose(
            row -> {
              if (row == null) {
                return Future.succeededFuture(false);
              }
              return Async.future(
                      vertx, table.deleteEntity(key, ""), "delete instance '" + instanceId + "'")
                  .recover(
                      t ->
                          StoreException.is(t, Reason.NOT_FOUND)
                              ? Future.succeededFuture()
                              : Future.failedFuture(t))
                  .compose(
                      v ->
                          listBlobs(instanceId)
                              .compose(
                                  items ->
                                      blobs.deleteQuietly(
                                          items.stream().map(BlobItem::getName).toList()))
                              .otherwiseEmpty())
                  .map(true);
            });
  }

  // ---- queries

  @Override
  public Future<Page<InstanceRecord>> query(
      InstanceFilter filter, int pageSize, String continuation) {
    Objects.requireNonNull(filter, "filter");
    if (pageSize < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("pageSize must be positive: " + pageSize));
    }
    String after;
    try {
      after = continuation == null ? null : decodeToken(continuation);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    int wanted = Math.min(pageSize, MAX_PAGE);
    var options =
        new ListEntitiesOptions()
            .setFilter(filterText(filter, after))
            .setTop(Math.min(wanted + 1, MAX_PAGE));
    return Async.future(
            vertx,
            table.listEntities(options).take(wanted + 1).collectList(),
            "query " + table.getTableName())
        .compose(
            rows -> {
              boolean more = rows.size() > wanted;
              List<TableEntity> page = more ? rows.subList(0, wanted) : rows;
              var decoded = new ArrayList<Future<InstanceRecord>>(page.size());
              for (TableEntity row : page) {
                decoded.add(InstanceRows.decode(row, blobs));
              }
              return Future.all(decoded)
                  .map(
                      all -> {
                        var items = new ArrayList<InstanceRecord>(page.size());
                        for (int i = 0; i < page.size(); i++) {
                          InstanceRecord r = all.resultAt(i);
                          if (filter.matches(r)) {
                            items.add(r);
                          }
                        }
                        String next =
                            more ? encodeToken(page.get(page.size() - 1).getPartitionKey()) : null;
                        return new Page<>(items, next);
                      });
            });
  }

  /**
   * The OData filter of a query: every condition of {@code filter}, and {@code PartitionKey gt
   * after} to resume after the last instance of the previous page. The id prefix becomes a key
   * range, so it uses the index and matches literally.
   */
  static String filterText(InstanceFilter filter, String after) {
    var and = new StringJoiner(" and ");
    and.add(OData.compare("RowKey", "eq", ""));
    if (!filter.statuses().isEmpty()) {
      var or = new StringJoiner(" or ", "(", ")");
      filter.statuses().stream()
          .map(RuntimeStatus::wireName)
          .sorted()
          .forEach(s -> or.add(OData.compare(InstanceRows.STATUS, "eq", s)));
      and.add(or.toString());
    }
    if (filter.createdFrom() != null) {
      and.add(OData.compare(InstanceRows.CREATED, "ge", InstanceRows.time(filter.createdFrom())));
    }
    if (filter.createdTo() != null) {
      and.add(OData.compare(InstanceRows.CREATED, "le", InstanceRows.time(filter.createdTo())));
    }
    String prefix = filter.instanceIdPrefix();
    if (prefix != null && !prefix.isEmpty()) {
      String keyPrefix = Keys.escape(prefix); // a prefix of an id escapes to a prefix of its key
      and.add(OData.compare("PartitionKey", "ge", keyPrefix));
      String upper = OData.prefixUpperBound(keyPrefix);
      if (upper != null) {
        and.add(OData.compare("PartitionKey", "lt", upper));
      }
    }
    if (after != null) {
      and.add(OData.compare("PartitionKey", "gt", after));
    }
    return and.toString();
  }

  private static String encodeToken(String lastInstanceId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastInstanceId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a continuation token of this store: " + token, e);
    }
  }
}
