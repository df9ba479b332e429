package dev.baton.storage.azure.impl;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * The {@link PayloadStore} on {@code {hub}-largemessages}: each payload is a gzipped blob of the
 * same name. The hub's stores keep their large texts here too ({@link LargePayloads}), under {@code
 * history/}, {@code instances/} and {@code messages/}. A name is 1 to 900 characters with no
 * control characters and does not end with {@code .} or {@code /} nor hold a {@code .} or {@code
 * ..} segment, which URLs would collapse.
 */
final class AzurePayloadStore implements PayloadStore {

  private static final int MAX_NAME = 900;

  private final Vertx vertx;
  private final BlobContainerAsyncClient container;

  AzurePayloadStore(Vertx vertx, BlobContainerAsyncClient container) {
    this.vertx = vertx;
    this.container = container;
  }

  @Override
  public Future<Void> put(String name, Buffer data) {
    Objects.requireNonNull(data, "data");
    try {
      var upload =
          new BlockBlobSimpleUploadOptions(
                  BinaryData.fromBytes(LargePayloads.gzip(data.getBytes())))
              .setHeaders(new BlobHttpHeaders().setContentType("application/gzip"));
      return Async.future(
              vertx,
              container
                  .getBlobAsyncClient(blobName(name))
                  .getBlockBlobAsyncClient()
                  .uploadWithResponse(upload),
              "write blob " + name)
          .mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Buffer> get(String name) {
    try {
      return Async.future(
              vertx,
              container.getBlobAsyncClient(blobName(name)).downloadContent(),
              "read blob " + name)
          .map(b -> Buffer.buffer(LargePayloads.gunzip(b.toBytes())));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> delete(String name) {
    try {
      return Async.future(
          vertx,
          container.getBlobAsyncClient(blobName(name)).deleteIfExists(),
          "delete blob " + name);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static String blobName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      throw invalid(name, "it must have 1 to " + MAX_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        throw invalid(name, "it contains a control character");
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw invalid(name, "it has a '" + segment + "' path segment");
      }
    }
    char last = name.charAt(name.length() - 1);
    if (last == '.' || last == '/' || last == '\\') {
      throw invalid(name, "it ends with '" + last + "'");
    }
    return name;
  }

  private static StoreException invalid(String name, String why) {
    return new StoreException(
        StoreException.Reason.INVALID_KEY, "payload name '" + name + "' is not valid: " + why);
  }
}
