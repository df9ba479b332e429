package dev.baton.storage.memory;

import dev.baton.core.spi.PayloadStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Payloads by name. Buffers are mutable, so each is copied in and copied out. */
final class MemoryPayloadStore implements PayloadStore {

  private final HubState hub;
  private final ConcurrentHashMap<String, Buffer> payloads = new ConcurrentHashMap<>();

  MemoryPayloadStore(HubState hub) {
    this.hub = hub;
  }

  @Override
  public Future<Void> put(String name, Buffer data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    payloads.put(name, data.copy());
    return Future.succeededFuture();
  }

  @Override
  public Future<Buffer> get(String name) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Buffer data = payloads.get(name);
    return data == null
        ? HubState.notFound("no payload named '" + name + "'")
        : Future.succeededFuture(data.copy());
  }

  @Override
  public Future<Boolean> delete(String name) {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    return Future.succeededFuture(payloads.remove(name) != null);
  }

  /** Drops every payload; the hub was deleted. */
  void clear() {
    payloads.clear();
  }
}
