package dev.baton.storage.azure.impl;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.ListTablesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobAsyncClient;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.models.BlobDownloadContentAsyncResponse;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The blob {@code taskhub.json} in {@code {hub}-leases}: what a task hub is, written when the hub
 * is created: {@code {"format": "baton", "formatVersion": 2, "taskHubName", "partitionCount",
 * "createdAt"}}. Opening a hub reads it and refuses, with {@link ErrorCode#TASK_HUB_FORMAT}, a hub
 * that another system wrote (Durable Functions' own {@code taskhub.json} reads {@code
 * {"TaskHubName", "CreatedAt", "PartitionCount"}}), one a newer Baton wrote (a higher {@code
 * formatVersion}), or a file it cannot read; a hub opened with another partition count fails with
 * CONFLICT. Where there is no {@code taskhub.json} yet, a {@code {hub}Partitions} table or a {@code
 * {hub}-applease} container (which Durable Functions makes, and Baton never does) refuses it too,
 * before anything is written.
 *
 * <p>Format 2 keys table rows by the instance id escaped as Durable Functions escapes it ({@link
 * Keys#partitionKey}). A hub an earlier Baton created has no {@code format} (format 1: ids were
 * stored as they are, and ids Azure cannot key were refused), and keys alike every id but those
 * holding {@code ^}, which format 2 doubles. Such a hub is taken over: when its Instances table
 * holds no id with {@code ^}, its {@code taskhub.json} is stamped with format 2 (under its ETag, so
 * engines opening it at once agree); otherwise it is refused, naming such an id.
 */
final class TaskHubFile {

  static final String BLOB = "taskhub.json";
  static final String FORMAT = "baton";
  static final int FORMAT_VERSION = 2;

  private static final String NOT_SHARED =
      "Baton keeps Durable Functions' names but writes rows and messages in its own format, so the"
          + " two cannot share a task hub: give Baton another task hub name";

  private final Vertx vertx;
  private final BlobAsyncClient blob;
  private final TaskHubNames names;
  private final TableServiceAsyncClient tables;
  private final BlobContainerAsyncClient appLease;

  /**
   * @param blob the blob {@code taskhub.json}
   * @param tables the account's tables
   * @param appLease the container {@code {hub}-applease}, which only Durable Functions makes
   */
  TaskHubFile(
      Vertx vertx,
      BlobAsyncClient blob,
      TaskHubNames names,
      TableServiceAsyncClient tables,
      BlobContainerAsyncClient appLease) {
    this.vertx = vertx;
    this.blob = blob;
    this.names = names;
    this.tables = tables;
    this.appLease = appLease;
  }

  /**
   * Writes {@code taskhub.json} when there is none yet (and nothing says Durable Functions made the
   * hub), else checks it like {@link #check}.
   */
  Future<Void> claim(int partitionCount) {
    return read()
        .compose(
            found ->
                found != null
                    ? checkContent(found, partitionCount)
                    : refuseDurableFunctionsLeftovers().compose(v -> write(partitionCount)));
  }

  private Future<Void> write(int partitionCount) {
    String json =
        new JsonObject()
            .put("format", FORMAT)
            .put("formatVersion", FORMAT_VERSION)
            .put("taskHubName", names.hub())
            .put("partitionCount", partitionCount)
            .put("createdAt", Instant.now().toString())
            .encodePrettily();
    var upload =
        new BlockBlobSimpleUploadOptions(BinaryData.fromString(json))
            .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    return Async.future(
            vertx, blob.getBlockBlobAsyncClient().uploadWithResponse(upload), "write " + BLOB)
        .<Void>mapEmpty()
        .recover(
            t ->
                StoreException.is(t, Reason.ALREADY_EXISTS) || StoreException.is(t, Reason.CONFLICT)
                    ? check(partitionCount) // another engine created it first
                    : Future.failedFuture(t));
  }

  /**
   * Reads {@code taskhub.json} and checks that it is Baton's, in a format this Baton reads, with
   * {@code partitionCount}; stamps a hub of an earlier Baton.
   */
  Future<Void> check(int partitionCount) {
    return read()
        .compose(
            found ->
                found != null
                    ? checkContent(found, partitionCount)
                    : Future.failedFuture(
                        new StoreException(
                            Reason.NOT_FOUND,
                            "task hub '"
                                + names.hub()
                                + "' does not exist in this storage account")));
  }

  /** {@code taskhub.json} with its ETag, or {@code null} when there is none. */
  private Future<BlobDownloadContentAsyncResponse> read() {
    return Async.future(
            vertx,
            blob.downloadContentWithResponse(null, null),
            "read " + BLOB + " of task hub '" + names.hub() + "'")
        .recover(
            t ->
                StoreException.is(t, Reason.NOT_FOUND)
                    ? Future.succeededFuture()
                    : Future.failedFuture(t));
  }

  /**
   * Durable Functions' newer versions keep partitions in a {@code {hub}Partitions} table and may
   * write no {@code taskhub.json}; they, and older ones, hold an app lease in {@code
   * {hub}-applease}. Baton makes neither, so either means the hub is Durable Functions'.
   */
  private Future<Void> refuseDurableFunctionsLeftovers() {
    String partitionsTable = names.hub() + "Partitions";
    Future<Boolean> table =
        Async.future(
            vertx,
            tables
                .listTables(
                    new ListTablesOptions()
                        .setFilter(OData.compare("TableName", "eq", partitionsTable)))
                .hasElements(),
            "look for table " + partitionsTable);
    Future<Boolean> container =
        Async.future(
            vertx, appLease.exists(), "look for container " + appLease.getBlobContainerName());
    return Future.all(table, container)
        .compose(
            both -> {
              if (table.result() || container.result()) {
                return Future.failedFuture(
                    refused(
                        "was created by Durable Functions (it has "
                            + (table.result()
                                ? "the table " + partitionsTable
                                : "the container " + appLease.getBlobContainerName())
                            + ", which Baton never makes). "
                            + NOT_SHARED));
              }
              return Future.succeededFuture();
            });
  }

  private Future<Void> checkContent(BlobDownloadContentAsyncResponse response, int partitionCount) {
    JsonObject json;
    try {
      json = parse(response.getValue().toString());
    } catch (BatonException e) {
      return Future.failedFuture(e);
    }
    String etag = response.getDeserializedHeaders().getETag();
    if (json.getValue("format") == null) {
      if (!json.containsKey("taskHubName") || !json.containsKey("partitionCount")) {
        return Future.failedFuture(
            refused(
                json.containsKey("TaskHubName") || json.containsKey("PartitionCount")
                    ? "was created by Durable Functions (its "
                        + BLOB
                        + " reads "
                        + json.fieldNames()
                        + "). "
                        + NOT_SHARED
                    : "was not created by Baton (its "
                        + BLOB
                        + " has no 'format'): give Baton another task hub name"));
      }
      return stampEarlierFormat(json, etag).compose(v -> check(partitionCount));
    }
    if (!FORMAT.equals(json.getValue("format"))) {
      return Future.failedFuture(
          refused(
              "was not created by Baton (its "
                  + BLOB
                  + " has the format '"
                  + json.getValue("format")
                  + "'): give Baton another task hub name"));
    }
    if (!(json.getValue("formatVersion") instanceof Integer version) || version < 1) {
      return Future.failedFuture(
          refused(
              "has a "
                  + BLOB
                  + " whose formatVersion is not a positive integer: "
                  + json.getValue("formatVersion")));
    }
    if (version > FORMAT_VERSION) {
      return Future.failedFuture(
          refused(
              "was written by a newer Baton (format version "
                  + version
                  + "; this one reads up to "
                  + FORMAT_VERSION
                  + "): run a Baton that reads it, or give this one another task hub name"));
    }
    if (version < FORMAT_VERSION) {
      return stampEarlierFormat(json, etag).compose(v -> check(partitionCount));
    }
    return checkPartitionCount(json, partitionCount);
  }

  private Future<Void> checkPartitionCount(JsonObject json, int partitionCount) {
    int stored = json.getValue("partitionCount") instanceof Integer count ? count : -1;
    if (stored != partitionCount) {
      return Future.failedFuture(
          new StoreException(
              Reason.CONFLICT,
              "task hub '"
                  + names.hub()
                  + "' has "
                  + stored
                  + " partitions; it cannot be opened with "
                  + partitionCount));
    }
    return Future.succeededFuture();
  }

  private JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw refused(
          "has a " + BLOB + " that is not a JSON object: give Baton another task hub name");
    }
  }

  /**
   * Stamps the hub of an earlier Baton with the current format, once no instance id in it would be
   * keyed differently; a write that loses the race to another engine's stamp is fine.
   */
  private Future<Void> stampEarlierFormat(JsonObject json, String etag) {
    var options =
        new ListEntitiesOptions()
            .setFilter(OData.compare("RowKey", "eq", ""))
            .setSelect(List.of("PartitionKey"));
    return Async.future(
            vertx,
            tables
                .getTableClient(names.instancesTable())
                .listEntities(options)
                .map(TableEntity::getPartitionKey)
                .filter(key -> key.indexOf(Keys.ESCAPE) >= 0)
                .take(1)
                .collectList(),
            "list the instances of task hub '" + names.hub() + "'")
        .recover(
            t ->
                StoreException.is(t, Reason.NOT_FOUND)
                    ? Future.succeededFuture(List.of())
                    : Future.failedFuture(t))
        .compose(
            found -> {
              if (!found.isEmpty()) {
                throw refused(
                    "was created by an earlier Baton and holds the instance '"
                        + found.get(0)
                        + "', whose table key this Baton writes differently ('"
                        + Keys.ESCAPE
                        + "' is escaped as Durable Functions escapes it): finish and purge such"
                        + " instances with the earlier Baton, or give this one another task hub"
                        + " name");
              }
              JsonObject stamped =
                  json.copy()
                      .put("format", FORMAT)
                      .put("formatVersion", FORMAT_VERSION)
                      .put("stampedAt", Instant.now().toString());
              var upload =
                  new BlockBlobSimpleUploadOptions(BinaryData.fromString(stamped.encodePrettily()))
                      .setRequestConditions(new BlobRequestConditions().setIfMatch(etag));
              return Async.future(
                      vertx,
                      blob.getBlockBlobAsyncClient().uploadWithResponse(upload),
                      "stamp " + BLOB + " of task hub '" + names.hub() + "'")
                  .<Void>mapEmpty()
                  .recover(
                      t ->
                          StoreException.is(t, Reason.CONFLICT)
                              ? Future.succeededFuture() // another engine stamped it first
                              : Future.failedFuture(t));
            });
  }

  private BatonException refused(String why) {
    return new BatonException(
        ErrorCode.TASK_HUB_FORMAT, "task hub '" + names.hub() + "' in this storage account " + why);
  }
}
