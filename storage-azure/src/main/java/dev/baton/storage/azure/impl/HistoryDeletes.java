package dev.baton.storage.azure.impl;

import static dev.baton.storage.azure.impl.HistoryRows.EVENT_BLOB;
import static dev.baton.storage.azure.impl.HistoryRows.rowKey;

import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Removes what {@link AzureHistoryStore} wrote for an instance: event rows in transactions of 100
 * (row by row when one of them is already gone), the blobs those rows name, and every blob in the
 * instance's history folder. {@code instanceId} is the instance's PartitionKey, as below the
 * store's public methods. Stateless; called from any thread.
 */
final class HistoryDeletes {

  private final Vertx vertx;
  private final TableAsyncClient table;
  private final LargePayloads blobs;
  private final BiFunction<String, List<String>, Future<List<TableEntity>>> list;

  /**
   * @param list the store's query: the rows matching a filter, with the given properties
   */
  HistoryDeletes(
      Vertx vertx,
      TableAsyncClient table,
      LargePayloads blobs,
      BiFunction<String, List<String>, Future<List<TableEntity>>> list) {
    this.vertx = vertx;
    this.table = table;
    this.blobs = blobs;
    this.list = list;
  }

  /**
   * Deletes every blob of the instance's history, those of writes that failed and so were never
   * referenced included.
   */
  Future<Void> blobs(String instanceId) {
    var options = new ListBlobsOptions().setPrefix(blobFolder(instanceId) + "/");
    return Async.future(
            vertx,
            blobs.container().listBlobs(options).map(BlobItem::getName).collectList(),
            "list history blobs of '" + instanceId + "'")
        .compose(blobs::deleteQuietly)
        .otherwiseEmpty();
  }

  static String blobFolder(String instanceId) {
    return "history/" + Keys.blobSegment(instanceId);
  }

  /** Deletes the rows of the old range after a replace; failures only leave unread rows. */
  Future<Void> range(String instanceId, long from, long to) {
    return rows(
            instanceId,
            OData.compare("PartitionKey", "eq", instanceId)
                + " and "
                + OData.compare("RowKey", "ge", rowKey(from))
                + " and "
                + OData.compare("RowKey", "lt", rowKey(to)))
        .otherwiseEmpty();
  }

  Future<Void> rows(String instanceId, String filter) {
    return list.apply(filter, List.of("RowKey", EVENT_BLOB))
        .compose(
            rows -> {
              var deletes = new ArrayList<Future<Void>>();
              for (int i = 0; i < rows.size(); i += 100) {
                var actions = new ArrayList<TableTransactionAction>(100);
                for (TableEntity row : rows.subList(i, Math.min(rows.size(), i + 100))) {
                  actions.add(
                      new TableTransactionAction(
                          TableTransactionActionType.DELETE,
                          new TableEntity(instanceId, row.getRowKey())));
                }
                deletes.add(
                    Async.future(
                            vertx,
                            table.submitTransaction(actions),
                            "delete history rows of '" + instanceId + "'")
                        .<Void>mapEmpty()
                        .recover(t -> deleteOneByOne(actions)));
              }
              var blobNames = new ArrayList<String>();
              for (TableEntity row : rows) {
                if (row.getProperty(EVENT_BLOB) instanceof String name) {
                  blobNames.add(name);
                }
              }
              return Future.all(deletes).compose(v -> blobs.deleteQuietly(blobNames));
            });
  }

  /** A batch delete failed (a row was already gone): deletes what is left, row by row. */
  private Future<Void> deleteOneByOne(List<TableTransactionAction> actions) {
    var deletes = new ArrayList<Future<Void>>();
    for (TableTransactionAction a : actions) {
      TableEntity e = a.getEntity();
      deletes.add(
          Async.future(
                  vertx,
                  table.deleteEntity(e.getPartitionKey(), e.getRowKey()),
                  "delete history row")
              .recover(
                  t ->
                      StoreException.is(t, Reason.NOT_FOUND)
                          ? Future.succeededFuture()
                          : Future.failedFuture(t)));
    }
    return Future.all(deletes).mapEmpty();
  }
}
