package dev.baton.storage.azure.impl;

import com.azure.storage.blob.BlobContainerAsyncClient;
import dev.baton.core.spi.PayloadStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
 * The {@code {hub}-largemessages} container as the hub's stores use it: texts too large for a table
 * property (over 60 KB) or a queue message (over 45 KB) are stored as a payload of the hub's {@link
 * PayloadStore} (a gzipped blob of that name), and the row or message keeps the blob's name
 * instead. Every read and write goes through that {@code PayloadStore}, so a wrapper of it (see
 * {@link dev.baton.core.spi.TaskHubStore#withPayloads}) sees them all; only the listing of a purge
 * reads the container directly.
 */
final class LargePayloads {

  /** Table string properties are UTF-16 and at most 64 KiB; larger ones go to a blob. */
  static final int MAX_PROPERTY_BYTES = 60 * 1024;

  /** Queue messages are at most 64 KiB; larger ones go to a blob. */
  static final int MAX_MESSAGE_BYTES = 45 * 1024;

  private final PayloadStore payloads;
  private final BlobContainerAsyncClient container;

  LargePayloads(PayloadStore payloads, BlobContainerAsyncClient container) {
    this.payloads = payloads;
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

  /** Stores {@code text} as the payload {@code name}, replacing what was there. */
  Future<String> write(String name, String text) {
    return payloads.put(name, Buffer.buffer(text, "UTF-8")).map(name);
  }

  /** Reads back a text written by {@link #write}. */
  Future<String> read(String name) {
    return payloads.get(name).map(b -> b.toString(StandardCharsets.UTF_8));
  }

  /** Deletes a payload; answers whether it was there. */
  Future<Boolean> delete(String name) {
    return payloads.delete(name);
  }

  /** Deletes payloads, ignoring failures: what is left is garbage nothing refers to. */
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
