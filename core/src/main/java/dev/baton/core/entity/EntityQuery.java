package dev.baton.core.entity;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A query over entities: filters, page size and where to continue. Results are ordered by entity
 * instance id ({@code @name@key}).
 *
 * <pre>{@code
 * client.queryEntities(new EntityQuery()
 *     .setNamePrefix("counter")
 *     .setLastOperationFrom(Instant.now().minus(Duration.ofHours(1)))
 *     .setIncludeState(true)
 *     .setPageSize(50));
 * }</pre>
 */
public final class EntityQuery {

  /** Default page size: 100. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  /** Largest page size: 1,000. */
  public static final int MAX_PAGE_SIZE = 1000;

  private String namePrefix;
  private Instant lastOperationFrom;
  private Instant lastOperationTo;
  private int pageSize = DEFAULT_PAGE_SIZE;
  private String continuationToken;
  private boolean includeState;
  private boolean includeDeleted;

  public EntityQuery() {}

  /** A query from JSON with the same property names as the setters; times in ISO-8601. */
  public EntityQuery(JsonObject json) {
    namePrefix = json.getString("namePrefix");
    String from = json.getString("lastOperationFrom");
    lastOperationFrom = from == null ? null : Instant.parse(from);
    String to = json.getString("lastOperationTo");
    lastOperationTo = to == null ? null : Instant.parse(to);
    setPageSize(json.getInteger("pageSize", DEFAULT_PAGE_SIZE));
    continuationToken = json.getString("continuationToken");
    includeState = json.getBoolean("includeState", false);
    includeDeleted = json.getBoolean("includeDeleted", false);
  }

  public String getNamePrefix() {
    return namePrefix;
  }

  /**
   * Selects entities whose name starts with this text (case-insensitive); a whole name followed by
   * {@code @} selects that name only, e.g. {@code "counter@"}.
   */
  public EntityQuery setNamePrefix(String namePrefix) {
    this.namePrefix = namePrefix;
    return this;
  }

  public Instant getLastOperationFrom() {
    return lastOperationFrom;
  }

  /** Selects entities whose last operation ran at or after this time. */
  public EntityQuery setLastOperationFrom(Instant lastOperationFrom) {
    this.lastOperationFrom = lastOperationFrom;
    return this;
  }

  public Instant getLastOperationTo() {
    return lastOperationTo;
  }

  /** Selects entities whose last operation ran at or before this time. */
  public EntityQuery setLastOperationTo(Instant lastOperationTo) {
    this.lastOperationTo = lastOperationTo;
    return this;
  }

  public int getPageSize() {
    return pageSize;
  }

  /**
   * Results per page, 1 to {@link #MAX_PAGE_SIZE}.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when out of range
   */
  public EntityQuery setPageSize(int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "pageSize must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
    }
    this.pageSize = pageSize;
    return this;
  }

  public String getContinuationToken() {
    return continuationToken;
  }

  /** Continues after the page that returned this token. */
  public EntityQuery setContinuationToken(String continuationToken) {
    this.continuationToken = continuationToken;
    return this;
  }

  public boolean isIncludeState() {
    return includeState;
  }

  /** Whether results carry the state (default false). */
  public EntityQuery setIncludeState(boolean includeState) {
    this.includeState = includeState;
    return this;
  }

  public boolean isIncludeDeleted() {
    return includeDeleted;
  }

  /**
   * Whether entities without state are listed too (default false): those whose state was deleted
   * but whose storage remains, e.g. for a lock or waiting operations.
   */
  public EntityQuery setIncludeDeleted(boolean includeDeleted) {
    this.includeDeleted = includeDeleted;
    return this;
  }

  public JsonObject toJson() {
    var json = new JsonObject();
    if (namePrefix != null) {
      json.put("namePrefix", namePrefix);
    }
    if (lastOperationFrom != null) {
      json.put("lastOperationFrom", lastOperationFrom.toString());
    }
    if (lastOperationTo != null) {
      json.put("lastOperationTo", lastOperationTo.toString());
    }
    json.put("pageSize", pageSize);
    if (continuationToken != null) {
      json.put("continuationToken", continuationToken);
    }
    json.put("includeState", includeState);
    json.put("includeDeleted", includeDeleted);
    return json;
  }
}
