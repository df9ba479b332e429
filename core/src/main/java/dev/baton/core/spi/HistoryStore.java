package dev.baton.core.spi;

import dev.baton.core.history.HistoryEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * The histories of the instances of a task hub, guarded by optimistic concurrency.
 *
 * <ol>
 *   <li>MUST: {@link #load} of an instance with no history returns {@link StoredHistory#EMPTY}.
 *   <li>MUST: {@link #append} adds the events after the existing ones, all or none, only when
 *       {@code expectedEtag} is the ETag of the last write ({@code null}: only when there is no
 *       history); otherwise it fails with {@link StoreException.Reason#CONFLICT} and writes
 *       nothing. It returns the new ETag, different from every earlier one of that instance.
 *   <li>MUST: {@link #replace} swaps the whole history for {@code events} under the same ETag rule
 *       (a new execution of the same instance id starts a new history).
 *   <li>MUST: {@link #load} returns the events in append order, exactly as appended (every field of
 *       every record equal), payloads of any size included.
 *   <li>MUST: {@link #delete} removes the history and answers whether there was one.
 * </ol>
 */
public interface HistoryStore {

  /** Reads an instance's history (rule 1, 4). */
  Future<StoredHistory> load(String instanceId);

  /** Appends events under an ETag check and returns the new ETag (rule 2). */
  Future<String> append(String instanceId, String expectedEtag, List<HistoryEvent> events);

  /** Replaces the history under an ETag check and returns the new ETag (rule 3). */
  Future<String> replace(String instanceId, String expectedEtag, List<HistoryEvent> events);

  /** Deletes an instance's history; answers whether there was one (rule 5). */
  Future<Boolean> delete(String instanceId);
}
