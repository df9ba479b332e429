package dev.baton.core.spi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Storage for payloads too large for a queue message or a table property (Azure keeps them in the
 * {@code {hub}-largemessages} container). A backend uses it from its own codecs; the engine never
 * sees a payload's location.
 *
 * <ol>
 *   <li>MUST: {@link #put} stores the bytes under the name, replacing what was there.
 *   <li>MUST: {@link #get} returns exactly the bytes put, or fails with {@link
 *       StoreException.Reason#NOT_FOUND}.
 *   <li>MUST: {@link #delete} removes the payload and answers whether there was one.
 * </ol>
 */
public interface PayloadStore {

  /** Stores a payload (rule 1). */
  Future<Void> put(String name, Buffer data);

  /** Reads a payload (rule 2). */
  Future<Buffer> get(String name);

  /** Deletes a payload (rule 3). */
  Future<Boolean> delete(String name);
}
