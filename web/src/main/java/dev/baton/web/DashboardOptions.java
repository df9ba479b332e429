package dev.baton.web;

import io.vertx.core.json.JsonObject;

/**
 * Options of the {@link Dashboard}: where it is mounted, how often a running instance's page
 * refreshes, how many rows a list page shows, and how many stored rows one list request may read to
 * fill a page when a filter the store cannot apply (the orchestrator's name) is set.
 *
 * <pre>{@code
 * var options = new DashboardOptions().setMountPath("/ops/baton").setRefreshMillis(1000);
 * }</pre>
 */
public final class DashboardOptions {

  /** Where the dashboard is mounted by default. */
  public static final String DEFAULT_MOUNT_PATH = "/dashboard";

  /** How often a running instance's page asks for news by default: 2 s. */
  public static final long DEFAULT_REFRESH_MILLIS = 2000;

  /** Rows per list page by default. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** Stored rows one list request reads at most by default, to fill a filtered page. */
  public static final int DEFAULT_SCAN_LIMIT = 5000;

  private String mountPath = DEFAULT_MOUNT_PATH;
  private long refreshMillis = DEFAULT_REFRESH_MILLIS;
  private int pageSize = DEFAULT_PAGE_SIZE;
  private int scanLimit = DEFAULT_SCAN_LIMIT;

  public DashboardOptions() {}

  public DashboardOptions(DashboardOptions other) {
    this.mountPath = other.mountPath;
    this.refreshMillis = other.refreshMillis;
    this.pageSize = other.pageSize;
    this.scanLimit = other.scanLimit;
  }

  /**
   * Options from JSON: {@code mountPath}, {@code refreshMillis}, {@code pageSize}, {@code
   * scanLimit}.
   */
  public DashboardOptions(JsonObject json) {
    setMountPath(json.getString("mountPath", DEFAULT_MOUNT_PATH));
    setRefreshMillis(json.getLong("refreshMillis", DEFAULT_REFRESH_MILLIS));
    setPageSize(json.getInteger("pageSize", DEFAULT_PAGE_SIZE));
    setScanLimit(json.getInteger("scanLimit", DEFAULT_SCAN_LIMIT));
  }

  public String getMountPath() {
    return mountPath;
  }

  /** Where the dashboard's router is mounted. Default {@value #DEFAULT_MOUNT_PATH}. */
  public DashboardOptions setMountPath(String mountPath) {
    if (mountPath == null || !mountPath.startsWith("/") || mountPath.contains("\"")) {
      throw new IllegalArgumentException("mountPath must start with '/', got " + mountPath);
    }
    String trimmed =
        mountPath.length() > 1 && mountPath.endsWith("/")
            ? mountPath.substring(0, mountPath.length() - 1)
            : mountPath;
    if ("/".equals(trimmed)) {
      throw new IllegalArgumentException("mountPath must not be '/': give the dashboard a path");
    }
    this.mountPath = trimmed;
    return this;
  }

  public long getRefreshMillis() {
    return refreshMillis;
  }

  /** How often a running instance's page refreshes itself, in ms (100 to 600,000). */
  public DashboardOptions setRefreshMillis(long refreshMillis) {
    if (refreshMillis < 100 || refreshMillis > 600_000) {
      throw new IllegalArgumentException(
          "refreshMillis must be between 100 and 600000, got " + refreshMillis);
    }
    this.refreshMillis = refreshMillis;
    return this;
  }

  public int getPageSize() {
    return pageSize;
  }

  /** Rows per list page (1 to 1,000); the page's own selector can change it. */
  public DashboardOptions setPageSize(int pageSize) {
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be between 1 and 1000, got " + pageSize);
    }
    this.pageSize = pageSize;
    return this;
  }

  public int getScanLimit() {
    return scanLimit;
  }

  /**
   * How many stored rows one list request reads at most while it fills a page with a filter the
   * store cannot apply (the orchestrator's name, leaving entities out); it then answers with what
   * it found and a continuation token. At least 1,000.
   */
  public DashboardOptions setScanLimit(int scanLimit) {
    if (scanLimit < 1000) {
      throw new IllegalArgumentException("scanLimit must be at least 1000, got " + scanLimit);
    }
    this.scanLimit = scanLimit;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("mountPath", mountPath)
        .put("refreshMillis", refreshMillis)
        .put("pageSize", pageSize)
        .put("scanLimit", scanLimit);
  }
}
