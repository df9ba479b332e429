package dev.baton.core.impl;

import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;

/**
 * The conditional write of a status row that orchestrations and entities share: under the row's
 * ETag when the writer knows it; after a conflict (or without an ETag) the row is read again and
 * written only over one that is not {@link InstanceRecord#isNewerThan newer}, so a stale owner's
 * late write never puts an older state over a newer one. A missing row is inserted only by a writer
 * that may create it (one writing the start of a history): for any other, a row that is gone was
 * deleted (purged), and a stale owner's late write must not bring it back. Each lost race costs one
 * of a bounded number of tries. Stateless; the caller keeps the ETag the outcome carries.
 *
 * <pre>{@code
 * ConditionalRows.write(store.instances(), row, knownEtag, true, false, 5)
 *     .onSuccess(o -> knownEtag = o.etag());
 * }</pre>
 */
public final class ConditionalRows {

  /**
   * How a write ended.
   *
   * @param written whether the row was written ({@code false}: the stored one is newer, or it is
   *     gone and the writer may not create it)
   * @param etag the stored row's ETag after the write (the newer row's when not written; {@code
   *     null} when there is none)
   */
  public record Outcome(boolean written, String etag) {}

  private ConditionalRows() {}

  /**
   * Writes {@code row}. A failure (a lost race after {@code tries}, or any other store error) fails
   * the future; the caller then knows no ETag.
   *
   * @param etag the stored row's ETag as the caller last saw it, or {@code null}: read it first
   * @param mayCreate whether a missing row is inserted; {@code false}: it is left missing
   * @param insertFirst whether the row is most likely new, so it is inserted without a read first
   * @param tries the conditional writes tried before giving up
   */
  public static Future<Outcome> write(
      InstanceStore instances,
      InstanceRecord row,
      String etag,
      boolean mayCreate,
      boolean insertFirst,
      int tries) {
    if (mayCreate && insertFirst && etag == null) {
      return insert(instances, row, tries);
    }
    if (etag != null) {
      return instances
          .update(row, etag)
          .transform(
              ar -> {
                if (ar.succeeded()) {
                  return Future.succeededFuture(new Outcome(true, ar.result()));
                }
                if (tries > 1 && StoreException.is(ar.cause(), StoreException.Reason.CONFLICT)) {
                  return write(instances, row, null, mayCreate, false, tries - 1);
                }
                return Future.failedFuture(ar.cause());
              });
    }
    return instances
        .get(row.instanceId())
        .compose(
            stored -> {
              if (stored == null) {
                return mayCreate
                    ? insert(instances, row, tries)
                    : Future.succeededFuture(new Outcome(false, null));
              }
              if (stored.value().isNewerThan(row)) {
                return Future.succeededFuture(new Outcome(false, stored.etag()));
              }
              return write(instances, row, stored.etag(), mayCreate, false, tries);
            });
  }

  private static Future<Outcome> insert(InstanceStore instances, InstanceRecord row, int tries) {
    return instances
        .insert(row)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return Future.succeededFuture(new Outcome(true, ar.result()));
              }
              if (tries > 1
                  && StoreException.is(ar.cause(), StoreException.Reason.ALREADY_EXISTS)) {
                return write(instances, row, null, true, false, tries - 1);
              }
              return Future.failedFuture(ar.cause());
            });
  }
}
