package dev.baton.storage.azure;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * How {@link AzureBackend} reaches Azure Storage, in the style of Vert.x options: {@code DEFAULT_*}
 * constants, fluent setters, a {@link JsonObject} constructor and {@link #toJson()}, so they map to
 * Vert.x config.
 *
 * <pre>{@code
 * var options = new AzureStorageOptions()
 *     .setConnectionString(System.getenv("AZURE_STORAGE_CONNECTION_STRING"));
 * Backend backend = AzureBackend.create(options);
 * }</pre>
 */
public final class AzureStorageOptions {

  /** Azurite's development storage on its default local ports. */
  public static final String DEFAULT_CONNECTION_STRING = "UseDevelopmentStorage=true";

  /** Opening a task hub that does not exist creates it. */
  public static final boolean DEFAULT_CREATE_IF_NOT_EXISTS = true;

  /**
   * At most this many HTTP connections to the storage account at once; more requests wait for a
   * free one. Azurite serves one request at a time, and many concurrent connections only make it
   * answer later.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  private String connectionString = DEFAULT_CONNECTION_STRING;
  private boolean createIfNotExists = DEFAULT_CREATE_IF_NOT_EXISTS;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;

  public AzureStorageOptions() {}

  /** A copy of {@code other}. */
  public AzureStorageOptions(AzureStorageOptions other) {
    this.connectionString = other.connectionString;
    this.createIfNotExists = other.createIfNotExists;
    this.maxConnections = other.maxConnections;
  }

  /**
   * Options from JSON: {@code {"connectionString": "...", "createIfNotExists": true,
   * "maxConnections": 32}}; absent keys keep their defaults.
   */
  public AzureStorageOptions(JsonObject json) {
    setConnectionString(json.getString("connectionString", DEFAULT_CONNECTION_STRING));
    setCreateIfNotExists(json.getBoolean("createIfNotExists", DEFAULT_CREATE_IF_NOT_EXISTS));
    setMaxConnections(json.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
  }

  /** The storage account's connection string. */
  public String getConnectionString() {
    return connectionString;
  }

  public AzureStorageOptions setConnectionString(String connectionString) {
    this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
    return this;
  }

  /**
   * Whether opening a task hub that does not exist creates it ({@code true}), or fails with {@code
   * StoreException} NOT_FOUND ({@code false}).
   */
  public boolean isCreateIfNotExists() {
    return createIfNotExists;
  }

  public AzureStorageOptions setCreateIfNotExists(boolean createIfNotExists) {
    this.createIfNotExists = createIfNotExists;
    return this;
  }

  /** The most HTTP connections to the storage account at once. */
  public int getMaxConnections() {
    return maxConnections;
  }

  public AzureStorageOptions setMaxConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    this.maxConnections = maxConnections;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("connectionString", connectionString)
        .put("createIfNotExists", createIfNotExists)
        .put("maxConnections", maxConnections);
  }

  @Override
  public String toString() {
    // the connection string may hold an account key: never print it
    return "AzureStorageOptions{createIfNotExists="
        + createIfNotExists
        + ", maxConnections="
        + maxConnections
        + "}";
  }
}
