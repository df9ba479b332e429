package dev.baton.storage.azure.impl;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code {hub}-largemessages} container: texts too large for a table property (over 60 KB) or a
 * queue message (over 45 KB) are gzipped into a blob, and the row or message keeps the blob's name
 * instead.
 */
final class LargePayloads {

  /** Table string properties are UTF-16 and at most 64 KiB; larger ones go to a blob. */
  static final int MAX_PROPERTY_BYTES = 60 * 1024;

  /** Queue messages are at most 64 KiB; larger ones go to a blob. */
  static final int MAX_MESSAGE_BYTES = 45 * 1024;

  private final Vertx vertx;
  private final BlobContainerAsyncClient container;

  LargePayloads(Vertx vertx, BlobContainerAsyncClient container) {
    this.vertx = vertx;
    this.container = container;
  }

  /** Whether {@code text} is over the size a table property may hold. */
  static boolean tooLargeForProperty(String text) {
    return text != null && text.length() * 2L > MAX_PROPERTY_BYTES;
  }

  /** A new blob name under {@code folder}: {@code folder/uuid.json.gz}. */
  static String newBlobName(String folder) {
    return folder + "/" + UUID.randomUUID() + ".json.gz";
  }

  /** Gzips {@code text} into the blob {@code name}, replacing what was there. */
  Future<String> write(String name, String text) {
    return writeBytes(name, gzip(text.getBytes(StandardCharsets.UTF_8))).map(name);
  }

  /** Stores {@code gzipped} bytes as the blob {@code name}. */
  Future<Void> writeBytes(String name, byte[] gzipped) {
    var upload =
        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(gzipped))
            .setHeaders(new BlobHttpHeaders().setContentType("application/gzip"));
    return Async.future(
            vertx,
            container.getBlobAsyncClient(name).getBlockBlobAsyncClient().uploadWithResponse(upload),
            "write blob " + name)
        .mapEmpty();
  }

  /** Reads back a text written by {@link #write}. */
  Future<String> read(String name) {
    return readBytes(name).map(bytes -> new String(gunzip(bytes), StandardCharsets.UTF_8));
  }

  /** The stored (gzipped) bytes of the blob {@code name}. */
  Future<byte[]> readBytes(String name) {
    return Async.future(
            vertx, container.getBlobAsyncClient(name).downloadContent(), "read blob " + name)
        .map(BinaryData::toBytes);
  }

  /** Deletes a blob; answers whether it was there. */
  Future<Boolean> delete(String name) {
    return Async.future(
        vertx, container.getBlobAsyncClient(name).deleteIfExists(), "delete blob " + name);
  }

  /** Deletes blobs, ignoring failures: what is left is garbage nothing refers to. */
  Future<Void> deleteQuietly(Collection<String> names) {
    var all = new ArrayList<Future<Boolean>>();
    for (String name : names) {
      all.add(delete(name).otherwise(false));
    }
    return Future.join(all).otherwiseEmpty().mapEmpty();
  }

  static byte[] gzip(byte[] data) {
    var out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] data) {
    try (var gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return gz.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("a large-payload blob is not gzip data", e);
    }
  }

  BlobContainerAsyncClient container() {
    return container;
  }
}
