package dev.baton.storage.azure.impl;

import com.azure.core.credential.TokenCredential;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.storage.azure.AzureStorageOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the clients of one storage account sign in, resolved from {@link AzureStorageOptions}: a
 * connection string, or three https endpoints and a token credential. {@link
 * #resolve(AzureStorageOptions)} refuses conflicting or incomplete settings with a {@code
 * BATON-112} error that names the setting to change.
 */
public sealed interface AzureAccount {

  /** Shared Key or SAS, endpoints included, as the Azure SDK parses them. */
  record ConnectionString(String value) implements AzureAccount {
    public ConnectionString {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Microsoft Entra ID: every request carries a bearer token from {@code credential}. */
  record Token(URI blob, URI queue, URI table, TokenCredential credential) implements AzureAccount {
    public Token {
      Objects.requireNonNull(blob, "blob");
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(credential, "credential");
    }
  }

  /** The account {@code options} name; see {@link AzureStorageOptions} for the rules. */
  static AzureAccount resolve(AzureStorageOptions options) {
    String connectionString = options.getConnectionString();
    TokenCredential credential = options.getCredential();
    List<String> endpointSettings = new ArrayList<>();
    if (options.getAccountName() != null) {
      endpointSettings.add("accountName");
    }
    if (options.getBlobEndpoint() != null) {
      endpointSettings.add("blobEndpoint");
    }
    if (options.getQueueEndpoint() != null) {
      endpointSettings.add("queueEndpoint");
    }
    if (options.getTableEndpoint() != null) {
      endpointSettings.add("tableEndpoint");
    }
    if (connectionString != null && credential != null) {
      throw invalid(
          "both a connection string and a credential are set: keep one, the connection string"
              + " (Shared Key or SAS) or the credential with the account's endpoint");
    }
    if (connectionString != null) {
      if (!endpointSettings.isEmpty()) {
        throw invalid(
            "a connection string carries its own endpoints, but "
                + String.join(", ", endpointSettings)
                + " is also set: remove it, or remove the connection string and set a credential");
      }
      return new ConnectionString(connectionString);
    }
    if (credential == null) {
      if (!endpointSettings.isEmpty()) {
        throw invalid(
            String.join(", ", endpointSettings)
                + " is set but no credential: set one with setCredential(new"
                + " DefaultAzureCredentialBuilder().build()) (or any TokenCredential), or use a"
                + " connection string instead");
      }
      return new ConnectionString(AzureStorageOptions.DEFAULT_CONNECTION_STRING);
    }
    URI blob = endpoint(options, "blobEndpoint", options.getBlobEndpoint(), "blob");
    URI queue = endpoint(options, "queueEndpoint", options.getQueueEndpoint(), "queue");
    URI table = endpoint(options, "tableEndpoint", options.getTableEndpoint(), "table");
    return new Token(blob, queue, table, credential);
  }

  private static URI endpoint(
      AzureStorageOptions options, String setting, String explicit, String service) {
    String value = explicit;
    if (value == null) {
      if (options.getAccountName() == null) {
        throw invalid(
            "a credential needs the account: set accountName (the endpoints are then"
                + " https://{accountName}."
                + service
                + "."
                + options.getEndpointSuffix()
                + " and so on), or all of blobEndpoint, queueEndpoint and tableEndpoint; "
                + setting
                + " is missing");
      }
      value =
          "https://" + options.getAccountName() + "." + service + "." + options.getEndpointSuffix();
    }
    URI uri = URI.create(value);
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(
          setting
              + " '"
              + value
              + "' is not https: a credential sends a bearer token, which Azure Storage accepts"
              + " over https only (use a connection string for an http emulator)");
    }
    return uri;
  }

  /**
   * {@code value} when it is {@code null} or an absolute http(s) URL with a host and without a
   * query or fragment; else a {@code BATON-112} error naming {@code setting}.
   */
  static String checkEndpoint(String setting, String value) {
    if (value == null) {
      return null;
    }
    String problem;
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("https")
              || uri.getScheme().equalsIgnoreCase("http"))) {
        problem = "it must start with https://";
      } else if (uri.getHost() == null) {
        problem = "it has no host name";
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problem =
            "it has a query or fragment (a SAS token belongs in a connection string, not in an"
                + " endpoint)";
      } else {
        return value;
      }
    } catch (URISyntaxException e) {
      problem = e.getMessage();
    }
    throw invalid(
        setting
            + " '"
            + value
            + "' is not a service endpoint such as https://myaccount.blob.core.windows.net: "
            + problem);
  }

  /** A configuration error: {@code BATON-112} with where the setting lives. */
  static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, "Azure storage options: " + message);
  }
}
