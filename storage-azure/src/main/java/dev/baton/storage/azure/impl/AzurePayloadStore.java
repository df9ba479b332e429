package dev.baton.storage.azure.impl;

import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * The {@link PayloadStore} on {@code {hub}-largemessages}: each payload is a gzipped blob named
 * {@code payloads/{name}}. A name is 1 to 900 characters with no control characters and does not
 * end with {@code .} or {@code /} nor hold a {@code .} or {@code ..} segment, which URLs would
 * collapse.
 */
final class AzurePayloadStore implements PayloadStore {

  static final String PREFIX = "payloads/";
  private static final int MAX_NAME = 900;

  private final LargePayloads blobs;

  AzurePayloadStore(LargePayloads blobs) {
    this.blobs = blobs;
  }

  @Override
  public Future<Void> put(String name, Buffer data) {
    Objects.requireNonNull(data, "data");
    try {
      return blobs.writeBytes(blobName(name), LargePayloads.gzip(data.getBytes()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Buffer> get(String name) {
    try {
      return blobs.readBytes(blobName(name)).map(b -> Buffer.buffer(LargePayloads.gunzip(b)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> delete(String name) {
    try {
      return blobs.delete(blobName(name));
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
    return PREFIX + name;
  }

  private static StoreException invalid(String name, String why) {
    return new StoreException(
        StoreException.Reason.INVALID_KEY, "payload name '" + name + "' is not valid: " + why);
  }
}
