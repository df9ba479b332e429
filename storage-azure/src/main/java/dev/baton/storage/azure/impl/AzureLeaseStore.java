package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpHeaders;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import dev.baton.core.spi.Lease;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Partition leases as blobs in {@code {hub}-leases}: one blob per partition, {@code
 * partitions/{hub}-control-NN}, whose metadata names the owner and the lease's duration. Every
 * change is a write under the blob's ETag (the lease's token), so of two engines racing for a
 * partition one wins and the other gets CONFLICT.
 *
 * <p>Expiry is judged by the store's clock: a lease runs from the blob's Last-Modified time, which
 * the service sets, plus one second (Last-Modified has whole seconds) plus its duration; {@code
 * acquire} compares that with the service's {@code Date} of the same request. Durations of any
 * length work, unlike Azure's own blob leases (15 to 60 seconds).
 *
 * <p>Owners announce themselves with an empty blob {@code owners/{owner}} whose metadata holds the
 * announcement's duration; it lapses, by the same service clock, unless announced again. Lapsed
 * announcements are deleted by whoever lists them, under the ETag they were listed with, so a fresh
 * announcement is never deleted.
 */
final class AzureLeaseStore implements LeaseStore {

  static final String PREFIX = "partitions/";
  static final String OWNERS_PREFIX = "owners/";
  private static final String OWNER = "owner";
  private static final String DURATION = "durationms";
  private static final Duration CLOCK_GRAIN = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final BlobContainerAsyncClient container;
  private final TaskHubNames names;
  private final int partitionCount;

  AzureLeaseStore(
      Vertx vertx, BlobContainerAsyncClient container, TaskHubNames names, int partitionCount) {
    this.vertx = vertx;
    this.container = container;
    this.names = names;
    this.partitionCount = partitionCount;
  }

  private String blobName(int partition) {
    Objects.checkIndex(partition, partitionCount);
    return PREFIX + names.controlQueue(partition);
  }

  @Override
  public Future<Lease> acquire(int partition, String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(duration, "duration");
    String name = blobName(partition);
    var blob = container.getBlobAsyncClient(name);
    return Async.future(vertx, blob.getPropertiesWithResponse(null), "read lease " + name)
        .compose(
            props -> {
              Instant now = serviceTime(props.getHeaders());
              Map<String, String> meta = props.getValue().getMetadata();
              String holder = owner(meta);
              Instant expires = expiry(meta, props.getValue().getLastModified());
              if (!holder.isEmpty() && !holder.equals(owner) && now.isBefore(expires)) {
                return Future.failedFuture(
                    new StoreException(
                        Reason.CONFLICT,
                        "partition "
                            + partition
                            + " is leased to '"
                            + holder
                            + "' until "
                            + expires));
              }
              String etag = props.getValue().getETag();
              return write(
                  partition, owner, duration, new BlobRequestConditions().setIfMatch(etag));
            },
            t ->
                StoreException.is(t, Reason.NOT_FOUND)
                    ? write(
                        partition, owner, duration, new BlobRequestConditions().setIfNoneMatch("*"))
                    : Future.failedFuture(t));
  }

  @Override
  public Future<Lease> renew(Lease lease, Duration duration) {
    return write(
        lease.partition(),
        lease.owner(),
        duration,
        new BlobRequestConditions().setIfMatch(lease.token()));
  }

  @Override
  public Future<Void> release(Lease lease) {
    return write(
            lease.partition(),
            "",
            Duration.ZERO,
            new BlobRequestConditions().setIfMatch(lease.token()))
        .<Void>mapEmpty()
        .recover(
            t ->
                StoreException.is(t, Reason.CONFLICT)
                    ? Future.succeededFuture() // a stale token: someone else holds it now
                    : Future.failedFuture(t));
  }

  @Override
  public Future<List<Lease>> list() {
    var options =
        new ListBlobsOptions()
            .setPrefix(PREFIX)
            .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    return Async.future(vertx, container.listBlobs(options).collectList(), "list leases")
        .map(
            items -> {
              var leases = new ArrayList<Lease>();
              for (BlobItem item : items) {
                int partition = partitionOf(item.getName());
                if (partition >= 0) {
                  leases.add(
                      new Lease(
                          partition,
                          owner(item.getMetadata()),
                          item.getProperties().getETag(),
                          expiry(item.getMetadata(), item.getProperties().getLastModified())));
                }
              }
              return leases;
            });
  }

  @Override
  public Future<Void> announce(String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(duration, "duration");
    String name = OWNERS_PREFIX + URLEncoder.encode(owner, StandardCharsets.UTF_8);
    var upload =
        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
            .setMetadata(Map.of(DURATION, Long.toString(duration.toMillis())));
    return Async.future(
            vertx,
            container.getBlobAsyncClient(name).getBlockBlobAsyncClient().uploadWithResponse(upload),
            "announce owner " + owner)
        .mapEmpty();
  }

  @Override
  public Future<Void> withdraw(String owner) {
    Objects.requireNonNull(owner, "owner");
    String name = OWNERS_PREFIX + URLEncoder.encode(owner, StandardCharsets.UTF_8);
    return Async.future(
            vertx, container.getBlobAsyncClient(name).deleteIfExists(), "withdraw owner " + owner)
        .mapEmpty();
  }

  @Override
  public Future<List<String>> owners() {
    var options =
        new ListBlobsOptions()
            .setPrefix(OWNERS_PREFIX)
            .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    return Async.future(vertx, container.listBlobs(options).byPage().collectList(), "list owners")
        .map(
            pages -> {
              var live = new ArrayList<String>();
              for (var page : pages) {
                Instant now = serviceTime(page.getHeaders());
                for (BlobItem item : page.getValue()) {
                  Instant expires =
                      item.getProperties()
                          .getLastModified()
                          .toInstant()
                          .plus(CLOCK_GRAIN)
                          .plusMillis(durationMillis(item.getMetadata()));
                  if (now.isBefore(expires)) {
                    live.add(
                        URLDecoder.decode(
                            item.getName().substring(OWNERS_PREFIX.length()),
                            StandardCharsets.UTF_8));
                  } else {
                    deleteLapsed(item);
                  }
                }
              }
              return live;
            });
  }

  /** Deletes a lapsed announcement unless it was renewed since it was listed; best effort. */
  private void deleteLapsed(BlobItem item) {
    var conditions = new BlobRequestConditions().setIfMatch(item.getProperties().getETag());
    container
        .getBlobAsyncClient(item.getName())
        .deleteWithResponse(null, conditions)
        .subscribe(r -> {}, t -> {});
  }

  private int partitionOf(String blobName) {
    for (int p = 0; p < partitionCount; p++) {
      if (blobName.equals(PREFIX + names.controlQueue(p))) {
        return p;
      }
    }
    return -1;
  }

  private Future<Lease> write(
      int partition, String owner, Duration duration, BlobRequestConditions conditions) {
    String name = blobName(partition);
    var upload =
        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
            .setMetadata(
                Map.of(
                    OWNER,
                    URLEncoder.encode(owner, StandardCharsets.UTF_8),
                    DURATION,
                    Long.toString(duration.toMillis())))
            .setRequestConditions(conditions);
    return Async.future(
            vertx,
            container.getBlobAsyncClient(name).getBlockBlobAsyncClient().uploadWithResponse(upload),
            "write lease " + name)
        .map(
            r ->
                new Lease(
                    partition,
                    owner,
                    r.getValue().getETag(),
                    r.getValue().getLastModified().toInstant().plus(CLOCK_GRAIN).plus(duration)))
        .recover(
            t ->
                Future.failedFuture(
                    StoreException.is(t, Reason.CONFLICT)
                            || StoreException.is(t, Reason.ALREADY_EXISTS)
                            || StoreException.is(t, Reason.NOT_FOUND)
                        ? new StoreException(
                            Reason.CONFLICT,
                            "lease of partition " + partition + " was changed by another owner",
                            t)
                        : t));
  }

  private static String owner(Map<String, String> metadata) {
    String owner = metadata == null ? null : metadata.get(OWNER);
    return owner == null ? "" : URLDecoder.decode(owner, StandardCharsets.UTF_8);
  }

  private static Instant expiry(Map<String, String> metadata, OffsetDateTime lastModified) {
    Instant base = lastModified.toInstant();
    if (owner(metadata).isEmpty()) {
      return base;
    }
    return base.plus(CLOCK_GRAIN).plusMillis(durationMillis(metadata));
  }

  private static long durationMillis(Map<String, String> metadata) {
    String millis = metadata == null ? null : metadata.get(DURATION);
    return millis == null ? 0 : Long.parseLong(millis);
  }

  /** The service's clock, from the response's Date header; the local clock without one. */
  private static Instant serviceTime(HttpHeaders headers) {
    String date = headers.getValue("Date");
    if (date == null) {
      return Instant.now();
    }
    return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }
}
