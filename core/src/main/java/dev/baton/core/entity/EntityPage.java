package dev.baton.core.entity;

import java.util.List;

/**
 * One page of an entity query.
 *
 * @param entities the entities of this page (possibly fewer than the page size, even none, when
 *     more follow)
 * @param continuationToken pass it to {@link EntityQuery#setContinuationToken} for the next page;
 *     {@code null} when this is the last
 */
public record EntityPage(List<EntityMetadata> entities, String continuationToken) {
  public EntityPage {
    entities = List.copyOf(entities);
  }
}
