package dev.baton.core.spi;

import io.vertx.core.Future;

/**
 * The status rows of a task hub's instances.
 *
 * <ol>
 *   <li>MUST: {@link #get} returns the row with its ETag, or {@code null} when there is none.
 *   <li>MUST: {@link #insert} creates the row only when none exists, else fails with {@link
 *       StoreException.Reason#ALREADY_EXISTS}; it returns the new ETag.
 *   <li>MUST: {@link #update} with {@code ifMatch == null} writes the row whether or not it exists;
 *       with an ETag it writes only when the stored row has that ETag, else fails with {@link
 *       StoreException.Reason#CONFLICT} (also when the row is gone). It returns the new ETag.
 *   <li>MUST: {@link #query} returns the rows that match the filter, at most {@code pageSize} per
 *       page, ordered by instance id; following the continuation tokens visits every matching row
 *       once; a page with a {@code null} continuation is the last.
 *   <li>MUST: {@link #delete} removes the row and answers whether there was one.
 *   <li>MUST: a row reads back equal to what was written (every field, its tags too, any payload
 *       size, the full 64 bits of {@link InstanceRecord#historyPosition}, by which the engine keeps
 *       the newest row: it writes with {@link #update} under the row's ETag and, after a conflict,
 *       reads the row and leaves one that {@link InstanceRecord#isNewerThan is newer}).
 * </ol>
 */
public interface InstanceStore {

  /** Reads a row (rule 1). */
  Future<Versioned<InstanceRecord>> get(String instanceId);

  /** Creates a row that must not exist yet (rule 2). */
  Future<String> insert(InstanceRecord record);

  /** Writes a row, conditionally when {@code ifMatch} is an ETag (rule 3). */
  Future<String> update(InstanceRecord record, String ifMatch);

  /** One page of the rows that match {@code filter} (rule 4). */
  Future<Page<InstanceRecord>> query(InstanceFilter filter, int pageSize, String continuation);

  /** Deletes a row (rule 5). */
  Future<Boolean> delete(String instanceId);
}
