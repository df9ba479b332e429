package dev.baton.storage.azure;

import com.azure.core.credential.TokenCredential;
import dev.baton.storage.azure.impl.AzureAccount;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How {@link AzureBackend} reaches Azure Storage, in the style of Vert.x options: {@code DEFAULT_*}
 * constants, fluent setters, a {@link JsonObject} constructor and {@link #toJson()}, so they map to
 * Vert.x config.
 *
 * <p>The account is named one of two ways: a connection string (Shared Key or SAS), or an account
 * endpoint plus a Microsoft Entra ID {@link TokenCredential} ({@code DefaultAzureCredential}, a
 * managed identity, workload identity, or any credential the application builds), for accounts that
 * disable Shared Key. The endpoint is either the account name (with {@link #setEndpointSuffix} for
 * sovereign clouds) or the blob, queue and table endpoints themselves. Options that name no account
 * at all mean the local development storage (Azurite on its default ports). Conflicting or
 * incomplete settings are refused by {@link AzureBackend#create} with a {@code BATON-112} error
 * that says what to change.
 *
 * <pre>{@code
 * var options = new AzureStorageOptions()
 *     .setAccountName("mystorageaccount")
 *     .setCredential(new DefaultAzureCredentialBuilder().build());
 * Backend backend = AzureBackend.create(options);
 * }</pre>
 */
public final class AzureStorageOptions {

  /** Azurite's development storage on its default local ports, used when no account is named. */
  public static final String DEFAULT_CONNECTION_STRING = "UseDevelopmentStorage=true";

  /** The public Azure cloud's storage endpoint suffix. */
  public static final String DEFAULT_ENDPOINT_SUFFIX = "core.windows.net";

  /** Opening a task hub that does not exist creates it. */
  public static final boolean DEFAULT_CREATE_IF_NOT_EXISTS = true;

  /**
   * At most this many HTTP connections to the storage account at once; more requests wait for a
   * free one. Azurite serves one request at a time, and many concurrent connections only make it
   * answer later.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  /**
   * The longest one try of a lease call (renew, acquire, release, list, announce) may take before
   * it is abandoned and tried again: lease calls have their own connections and this short timeout,
   * so a renewal never waits behind data traffic nor hangs on a connection that stopped answering.
   */
  public static final Duration DEFAULT_LEASE_TRY_TIMEOUT = Duration.ofSeconds(2);

  /** The longest {@link #setLeaseTryTimeout} accepts. */
  public static final Duration MAX_LEASE_TRY_TIMEOUT = Duration.ofSeconds(60);

  private String connectionString;
  private TokenCredential credential;
  private String accountName;
  private String endpointSuffix = DEFAULT_ENDPOINT_SUFFIX;
  private String blobEndpoint;
  private String queueEndpoint;
  private String tableEndpoint;
  private boolean createIfNotExists = DEFAULT_CREATE_IF_NOT_EXISTS;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private Duration leaseTryTimeout = DEFAULT_LEASE_TRY_TIMEOUT;

  public AzureStorageOptions() {}

  /** A copy of {@code other} (the credential object itself is shared). */
  public AzureStorageOptions(AzureStorageOptions other) {
    this.connectionString = other.connectionString;
    this.credential = other.credential;
    this.accountName = other.accountName;
    this.endpointSuffix = other.endpointSuffix;
    this.blobEndpoint = other.blobEndpoint;
    this.queueEndpoint = other.queueEndpoint;
    this.tableEndpoint = other.tableEndpoint;
    this.createIfNotExists = other.createIfNotExists;
    this.maxConnections = other.maxConnections;
    this.leaseTryTimeout = other.leaseTryTimeout;
  }

  /**
   * Options from JSON: {@code {"connectionString": "...", "accountName": "...", "endpointSuffix":
   * "...", "blobEndpoint": "...", "queueEndpoint": "...", "tableEndpoint": "...",
   * "createIfNotExists": true, "maxConnections": 32, "leaseTryTimeoutSeconds": 2}}; absent keys
   * keep their defaults. A credential is an object, not configuration text: set it with {@link
   * #setCredential}.
   */
  public AzureStorageOptions(JsonObject json) {
    setConnectionString(json.getString("connectionString"));
    setAccountName(json.getString("accountName"));
    setEndpointSuffix(json.getString("endpointSuffix", DEFAULT_ENDPOINT_SUFFIX));
    setBlobEndpoint(json.getString("blobEndpoint"));
    setQueueEndpoint(json.getString("queueEndpoint"));
    setTableEndpoint(json.getString("tableEndpoint"));
    setCreateIfNotExists(json.getBoolean("createIfNotExists", DEFAULT_CREATE_IF_NOT_EXISTS));
    setMaxConnections(json.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
    Object tryTimeout = json.getValue("leaseTryTimeoutSeconds");
    if (tryTimeout != null && !(tryTimeout instanceof Integer || tryTimeout instanceof Long)) {
      throw AzureAccount.invalid(
          "leaseTryTimeoutSeconds '" + tryTimeout + "' is not a whole number of seconds");
    }
    setLeaseTryTimeout(
        tryTimeout == null
            ? DEFAULT_LEASE_TRY_TIMEOUT
            : Duration.ofSeconds(((Number) tryTimeout).longValue()));
  }

  /** The storage account's connection string, or {@code null} when none is set. */
  public String getConnectionString() {
    return connectionString;
  }

  /**
   * Signs in with a connection string (Shared Key or SAS); it carries the account's endpoints.
   * {@code null} removes it.
   */
  public AzureStorageOptions setConnectionString(String connectionString) {
    if (connectionString != null && connectionString.isBlank()) {
      throw AzureAccount.invalid("connectionString is blank; set a connection string or null");
    }
    this.connectionString = connectionString;
    return this;
  }

  /** The credential that signs every request with a bearer token, or {@code null}. */
  public TokenCredential getCredential() {
    return credential;
  }

  /**
   * Signs in with a Microsoft Entra ID token credential instead of a connection string, e.g. {@code
   * new DefaultAzureCredentialBuilder().build()} or {@code new
   * ManagedIdentityCredentialBuilder().clientId(id).build()}. Needs the account: {@link
   * #setAccountName} or the three endpoints, all https. The identity needs the data roles "Storage
   * Blob Data Contributor", "Storage Queue Data Contributor" and "Storage Table Data Contributor"
   * on the account. {@code null} removes it.
   */
  public AzureStorageOptions setCredential(TokenCredential credential) {
    this.credential = credential;
    return this;
  }

  /** The storage account's name, or {@code null}. */
  public String getAccountName() {
    return accountName;
  }

  /**
   * The storage account's name (3 to 24 lowercase letters and digits); with a credential, the
   * endpoints are {@code https://{name}.blob.{suffix}}, {@code .queue.} and {@code .table.}, unless
   * set one by one. {@code null} removes it.
   */
  public AzureStorageOptions setAccountName(String accountName) {
    if (accountName != null && !accountName.matches("[a-z0-9]{3,24}")) {
      throw AzureAccount.invalid(
          "accountName '"
              + accountName
              + "' is not a storage account name: 3 to 24 lowercase letters and digits");
    }
    this.accountName = accountName;
    return this;
  }

  /** The DNS suffix of the account's endpoints, {@value #DEFAULT_ENDPOINT_SUFFIX} by default. */
  public String getEndpointSuffix() {
    return endpointSuffix;
  }

  /**
   * The DNS suffix of the endpoints derived from {@link #setAccountName}: {@code core.windows.net}
   * (public cloud), {@code core.chinacloudapi.cn}, {@code core.usgovcloudapi.net}, ...
   */
  public AzureStorageOptions setEndpointSuffix(String endpointSuffix) {
    if (endpointSuffix == null || !endpointSuffix.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
      throw AzureAccount.invalid(
          "endpointSuffix '"
              + endpointSuffix
              + "' is not a DNS suffix such as core.windows.net (no scheme, no slash)");
    }
    this.endpointSuffix = endpointSuffix;
    return this;
  }

  /** The blob service endpoint set explicitly, or {@code null}. */
  public String getBlobEndpoint() {
    return blobEndpoint;
  }

  /**
   * The blob service endpoint, e.g. {@code https://myaccount.blob.core.windows.net} or a private
   * endpoint's address; it overrides the one derived from the account name. {@code null} removes
   * it.
   */
  public AzureStorageOptions setBlobEndpoint(String blobEndpoint) {
    this.blobEndpoint = AzureAccount.checkEndpoint("blobEndpoint", blobEndpoint);
    return this;
  }

  /** The queue service endpoint set explicitly, or {@code null}. */
  public String getQueueEndpoint() {
    return queueEndpoint;
  }

  /** The queue service endpoint, like {@link #setBlobEndpoint}. */
  public AzureStorageOptions setQueueEndpoint(String queueEndpoint) {
    this.queueEndpoint = AzureAccount.checkEndpoint("queueEndpoint", queueEndpoint);
    return this;
  }

  /** The table service endpoint set explicitly, or {@code null}. */
  public String getTableEndpoint() {
    return tableEndpoint;
  }

  /** The table service endpoint, like {@link #setBlobEndpoint}. */
  public AzureStorageOptions setTableEndpoint(String tableEndpoint) {
    this.tableEndpoint = AzureAccount.checkEndpoint("tableEndpoint", tableEndpoint);
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

  /** The longest one try of a lease call may take; see {@link #setLeaseTryTimeout}. */
  public Duration getLeaseTryTimeout() {
    return leaseTryTimeout;
  }

  /**
   * The longest one try of a lease call may take (whole seconds, 2 s by default, 1 s to 60 s): a
   * try that has no answer by then is abandoned and made once more on a new connection, and a
   * renewal that still fails is retried by the engine while its lease is usable. Keep it well under
   * the renew interval. Data calls are not affected.
   */
  public AzureStorageOptions setLeaseTryTimeout(Duration leaseTryTimeout) {
    if (leaseTryTimeout == null
        || leaseTryTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || leaseTryTimeout.compareTo(MAX_LEASE_TRY_TIMEOUT) > 0
        || leaseTryTimeout.toNanosPart() != 0) {
      throw AzureAccount.invalid(
          "leaseTryTimeout "
              + leaseTryTimeout
              + " is not a whole number of seconds from 1 to 60 (the Azure SDK's per-try timeout"
              + " counts whole seconds); the default is "
              + DEFAULT_LEASE_TRY_TIMEOUT.toSeconds()
              + " s");
    }
    this.leaseTryTimeout = leaseTryTimeout;
    return this;
  }

  /** The settings as JSON; absent settings are left out, and the credential never appears. */
  public JsonObject toJson() {
    var json = new JsonObject();
    putIfSet(json, "connectionString", connectionString);
    putIfSet(json, "accountName", accountName);
    json.put("endpointSuffix", endpointSuffix);
    putIfSet(json, "blobEndpoint", blobEndpoint);
    putIfSet(json, "queueEndpoint", queueEndpoint);
    putIfSet(json, "tableEndpoint", tableEndpoint);
    return json.put("createIfNotExists", createIfNotExists)
        .put("maxConnections", maxConnections)
        .put("leaseTryTimeoutSeconds", leaseTryTimeout.toSeconds());
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  @Override
  public String toString() {
    // the connection string may hold an account key: never print it
    return "AzureStorageOptions{account="
        + (connectionString != null
            ? "(connection string)"
            : accountName != null ? accountName : blobEndpoint)
        + ", credential="
        + (credential == null ? null : credential.getClass().getSimpleName())
        + ", createIfNotExists="
        + createIfNotExists
        + ", maxConnections="
        + maxConnections
        + ", leaseTryTimeout="
        + leaseTryTimeout
        + "}";
  }
}
