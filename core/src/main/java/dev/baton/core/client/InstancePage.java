package dev.baton.core.client;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param instances the instances of this page
 * @param continuationToken pass it to {@link InstanceQuery#setContinuationToken} for the next page;
 *     {@code null} when this is the last
 */
public record InstancePage(List<InstanceMetadata> instances, String continuationToken) {
  public InstancePage {
    instances = List.copyOf(instances);
  }
}
