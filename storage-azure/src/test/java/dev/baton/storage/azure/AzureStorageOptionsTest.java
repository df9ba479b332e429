package dev.baton.storage.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.storage.azure.impl.AzureAccount;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import reactor.core.publisher.Mono;

class AzureStorageOptionsTest {

  private static final TokenCredential CREDENTIAL =
      request -> Mono.just(new AccessToken("token", OffsetDateTime.now().plusHours(1)));

  @Test
  void optionsThatNameNoAccountMeanTheDevelopmentStorage() {
    var options = new AzureStorageOptions();
    assertNull(options.getConnectionString());
    assertEquals(AzureStorageOptions.DEFAULT_CREATE_IF_NOT_EXISTS, options.isCreateIfNotExists());
    assertEquals(AzureStorageOptions.DEFAULT_MAX_CONNECTIONS, options.getMaxConnections());
    assertEquals(options.toJson(), new AzureStorageOptions(new JsonObject()).toJson());
    assertEquals(
        new AzureAccount.ConnectionString("UseDevelopmentStorage=true"),
        AzureAccount.resolve(options));
  }

  @Test
  void jsonRoundTripsEverySetting() {
    var options =
        new AzureStorageOptions()
            .setConnectionString("AccountName=a;AccountKey=secret")
            .setCreateIfNotExists(false)
            .setMaxConnections(7);
    var copy = new AzureStorageOptions(options.toJson());
    assertEquals(options.toJson(), copy.toJson());
    assertEquals(7, copy.getMaxConnections());
    assertFalse(copy.isCreateIfNotExists());

    var endpoints =
        new AzureStorageOptions()
            .setAccountName("myaccount")
            .setEndpointSuffix("core.chinacloudapi.cn")
            .setBlobEndpoint("https://blob.example.com/myaccount")
            .setQueueEndpoint("https://queue.example.com")
            .setTableEndpoint("https://table.example.com");
    assertEquals(endpoints.toJson(), new AzureStorageOptions(endpoints.toJson()).toJson());
  }

  @Test
  void theCredentialNeverAppearsInJsonAndTheKeyNeverInToString() {
    var options = new AzureStorageOptions().setAccountName("myaccount").setCredential(CREDENTIAL);
    assertFalse(options.toJson().containsKey("credential"), options.toJson().encode());
    assertSame(CREDENTIAL, new AzureStorageOptions(options).getCredential());
    var keyed = new AzureStorageOptions().setConnectionString("AccountName=a;AccountKey=secret");
    assertFalse(keyed.toString().contains("secret"), keyed.toString());
  }

  @Test
  void anAccountNameAndACredentialGiveTheAccountsHttpsEndpoints() {
    var account =
        (AzureAccount.Token)
            AzureAccount.resolve(
                new AzureStorageOptions()
                    .setAccountName("myaccount")
                    .setEndpointSuffix("core.usgovcloudapi.net")
                    .setQueueEndpoint("https://private-queue.example.com")
                    .setCredential(CREDENTIAL));
    assertEquals(URI.create("https://myaccount.blob.core.usgovcloudapi.net"), account.blob());
    assertEquals(URI.create("https://private-queue.example.com"), account.queue());
    assertEquals(URI.create("https://myaccount.table.core.usgovcloudapi.net"), account.table());
    assertSame(CREDENTIAL, account.credential());
  }

  @Test
  void bothAConnectionStringAndACredentialAreRefused() {
    assertInvalid(
        () ->
            AzureBackend.create(
                new AzureStorageOptions()
                    .setConnectionString("UseDevelopmentStorage=true")
                    .setCredential(CREDENTIAL)),
        "both a connection string and a credential");
  }

  @Test
  void anEndpointWithoutACredentialIsRefused() {
    assertInvalid(
        () -> AzureBackend.create(new AzureStorageOptions().setAccountName("myaccount")),
        "accountName is set but no credential");
    assertInvalid(
        () ->
            AzureBackend.create(
                new AzureStorageOptions().setBlobEndpoint("https://a.blob.core.windows.net")),
        "blobEndpoint is set but no credential");
  }

  @Test
  void aConnectionStringWithEndpointsBesideItIsRefused() {
    assertInvalid(
        () ->
            AzureBackend.create(
                new AzureStorageOptions()
                    .setConnectionString("UseDevelopmentStorage=true")
                    .setTableEndpoint("https://a.table.core.windows.net")),
        "a connection string carries its own endpoints, but tableEndpoint");
  }

  @Test
  void aCredentialWithoutTheAccountIsRefused() {
    assertInvalid(
        () -> AzureBackend.create(new AzureStorageOptions().setCredential(CREDENTIAL)),
        "a credential needs the account");
    assertInvalid(
        () ->
            AzureBackend.create(
                new AzureStorageOptions()
                    .setBlobEndpoint("https://a.blob.core.windows.net")
                    .setTableEndpoint("https://a.table.core.windows.net")
                    .setCredential(CREDENTIAL)),
        "queueEndpoint is missing");
  }

  @Test
  void anHttpEndpointWithACredentialIsRefused() {
    assertInvalid(
        () ->
            AzureBackend.create(
                new AzureStorageOptions()
                    .setBlobEndpoint("http://127.0.0.1:10000/devstoreaccount1")
                    .setQueueEndpoint("https://127.0.0.1:10001/devstoreaccount1")
                    .setTableEndpoint("https://127.0.0.1:10002/devstoreaccount1")
                    .setCredential(CREDENTIAL)),
        "blobEndpoint 'http://127.0.0.1:10000/devstoreaccount1' is not https");
  }

  @Test
  void malformedSettingsAreRefusedWhenSet() {
    var options = new AzureStorageOptions();
    assertInvalid(() -> options.setBlobEndpoint("myaccount.blob.core.windows.net"), "https://");
    assertInvalid(() -> options.setQueueEndpoint("https://"), "queueEndpoint");
    assertInvalid(() -> options.setTableEndpoint("https://a b.example.com"), "tableEndpoint");
    assertInvalid(
        () -> options.setQueueEndpoint("ftp://a.example.com"), "must start with https://");
    assertInvalid(
        () -> options.setBlobEndpoint("https://a.blob.core.windows.net/?sv=2024&sig=x"),
        "a SAS token belongs in a connection string");
    assertInvalid(() -> options.setAccountName("My_Account"), "3 to 24 lowercase");
    assertInvalid(() -> options.setEndpointSuffix("https://core.windows.net"), "no scheme");
    assertInvalid(() -> options.setEndpointSuffix(null), "endpointSuffix");
    assertInvalid(() -> options.setConnectionString(" "), "connectionString is blank");
    assertInvalid(
        () -> new AzureStorageOptions(new JsonObject().put("tableEndpoint", "table")),
        "tableEndpoint 'table'");
    // nothing was changed by the refused settings
    assertEquals(new AzureStorageOptions().toJson(), options.toJson());
  }

  @Test
  void aMalformedConnectionStringIsRefusedWithoutEchoingIt() {
    var e =
        assertThrows(
            BatonException.class,
            () ->
                AzureBackend.create(
                    new AzureStorageOptions()
                        .setConnectionString("AccountKey=secretkey;nonsense")));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("connectionString is malformed"), e.getMessage());
    assertFalse(e.getMessage().contains("secretkey"), e.getMessage());
  }

  @Test
  void maxConnectionsMustBePositive() {
    assertThrows(
        IllegalArgumentException.class, () -> new AzureStorageOptions().setMaxConnections(0));
  }

  private static void assertInvalid(Executable call, String expected) {
    var e = assertThrows(BatonException.class, call);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("BATON-112 Azure storage options: "), e.getMessage());
    assertTrue(
        e.getMessage().contains(expected), "expected '" + expected + "' in " + e.getMessage());
  }
}
