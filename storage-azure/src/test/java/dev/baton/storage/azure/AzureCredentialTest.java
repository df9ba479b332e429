package dev.baton.storage.azure;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.models.BlobItem;
import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.engine.EngineFixture;
import dev.baton.core.engine.EngineTestBase;
import dev.baton.core.spi.Backend;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.TaskHubNames;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The credential path for real: the backend signs every queue, table and blob request with a bearer
 * token from a {@code TokenCredential}, against an Azurite that runs over HTTPS (a certificate this
 * test makes) in OAuth mode, beside the plain one of the other tests. Azurite's basic OAuth mode
 * checks a token's issuer, audience and lifetime (not its signature), so the refusals below are
 * what a storage account answers a token it does not accept.
 */
class AzureCredentialTest extends EngineTestBase {

  private static final String PARAGRAPH =
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt"
          + " ut labore et dolore magna aliqua. ";

  private static OAuthAzurite azurite;

  private final Set<String> scopes = OAuthAzurite.scopeLog();

  @BeforeAll
  static void startOAuthAzurite() throws Exception {
    azurite = OAuthAzurite.start();
  }

  @AfterAll
  static void stopOAuthAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  private TokenCredential validCredential() {
    return OAuthAzurite.credential(
        OAuthAzurite.ENTRA_ISSUER, OAuthAzurite.STORAGE_AUDIENCE, 3600, scopes);
  }

  @Override
  protected Backend newBackend(Vertx vertx) {
    return new AzureEngines.HubDeletingBackend(
        AzureBackend.create(azurite.options(validCredential()), azurite.transport()));
  }

  @Test
  void anOrchestrationWithALargePayloadRunsEndToEndOnATokenCredential() {
    Baton baton =
        fixture.start(
            b ->
                b.addOrchestrator(
                        "shout",
                        ctx ->
                            ctx.callActivity("upper", ctx.input(String.class), String.class)
                                .await())
                    .addActivity("upper", ctx -> ctx.input(String.class).toUpperCase()));
    // over the 45 KB of a queue message and the 60 KB of a table property: the input, the
    // activity's input and its result all travel through blobs
    String input = PARAGRAPH.repeat(800);
    assertTrue(input.length() > 64 * 1024);

    String id = await(baton.client().scheduleNewOrchestration("shout", input));
    InstanceMetadata done = complete(baton.client(), id);

    assertEquals(RuntimeStatus.COMPLETED, done.status(), done.toString());
    assertEquals(input.toUpperCase(), done.readOutput(String.class));
    assertEquals(
        Set.of("https://storage.azure.com/.default"),
        scopes,
        "every client asked the credential for Azure Storage tokens");
    var names = new TaskHubNames(fixture.options().getTaskHub());
    AzureClients raw = AzureClients.create(azurite.options(validCredential()), azurite.transport());
    try {
      List<String> blobs =
          raw.blobs()
              .getBlobContainerAsyncClient(names.largeMessagesContainer())
              .listBlobs()
              .map(BlobItem::getName)
              .collectList()
              .block();
      assertFalse(blobs.isEmpty(), "the large payloads were written as blobs");
    } finally {
      raw.close().block();
    }
  }

  @Test
  void defaultAzureCredentialSignsInAsAServicePrincipalThroughEntraIdsTokenEndpoint() {
    // Microsoft Entra ID's token endpoint, as far as a client-credentials sign-in goes: it hands
    // out a storage token for the tenant, over TLS with the emulator's certificate
    String tenant = UUID.randomUUID().toString();
    String clientId = UUID.randomUUID().toString();
    List<String> tokenRequests = new CopyOnWriteArrayList<>();
    Vertx vertx = fixture.vertx();
    HttpServer entra =
        await(
            vertx
                .createHttpServer(
                    new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(azurite.serverCertificate())
                        .setHost("127.0.0.1")
                        .setPort(0))
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  tokenRequests.add(req.method() + " " + req.path() + " " + body);
                                  if (req.path().equals("/" + tenant + "/oauth2/v2.0/token")) {
                                    req.response()
                                        .putHeader("content-type", "application/json")
                                        .end(
                                            new JsonObject()
                                                .put("token_type", "Bearer")
                                                .put("expires_in", 3600)
                                                .put("ext_expires_in", 3600)
                                                .put(
                                                    "access_token",
                                                    OAuthAzurite.jwt(
                                                        "https://sts.windows.net/" + tenant + "/",
                                                        OAuthAzurite.STORAGE_AUDIENCE,
                                                        3600))
                                                .encode());
                                  } else {
                                    req.response().setStatusCode(404).end();
                                  }
                                }))
                .listen());
    // what EnvironmentCredential, the first of DefaultAzureCredential's chain, reads
    Map<String, String> environment =
        Map.of(
            "AZURE_TENANT_ID", tenant,
            "AZURE_CLIENT_ID", clientId,
            "AZURE_CLIENT_SECRET", "not-a-real-secret");
    ConfigurationSource none = path -> Map.of();
    TokenCredential credential =
        new DefaultAzureCredentialBuilder()
            .configuration(new ConfigurationBuilder(none, none, path -> environment).build())
            .authorityHost("https://127.0.0.1:" + entra.actualPort())
            .disableInstanceDiscovery()
            .httpClient(azurite.httpClient())
            .build();
    var engines =
        new EngineFixture(
            vertx,
            new AzureEngines.HubDeletingBackend(
                AzureBackend.create(azurite.options(credential), azurite.transport())));
    try {
      Baton baton =
          engines.start(
              b ->
                  b.addOrchestrator(
                          "greet",
                          ctx ->
                              ctx.callActivity("hello", ctx.input(String.class), String.class)
                                  .await())
                      .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!"));
      String id = await(baton.client().scheduleNewOrchestration("greet", "identity"));
      InstanceMetadata done = complete(baton.client(), id);
      assertEquals(RuntimeStatus.COMPLETED, done.status(), done.toString());
      assertEquals("Hello identity!", done.readOutput(String.class));
      assertFalse(tokenRequests.isEmpty(), "a token was asked for");
      for (String request : tokenRequests) {
        assertTrue(request.startsWith("POST /" + tenant + "/oauth2/v2.0/token "), request);
        assertTrue(request.contains("grant_type=client_credentials"), request);
        assertTrue(request.contains("client_id=" + clientId), request);
        assertTrue(request.contains("storage.azure.com%2F.default"), request);
      }
    } finally {
      engines.close();
      await(entra.close());
    }
  }

  @Test
  void aTokenFromAnIssuerOtherThanEntraIdIsRefused() {
    assertRefused(
        OAuthAzurite.credential(
            "https://login.example.com/tenant/", OAuthAzurite.STORAGE_AUDIENCE, 3600, scopes),
        "Invalid token issuer");
  }

  @Test
  void anExpiredTokenIsRefused() {
    assertRefused(
        OAuthAzurite.credential(
            OAuthAzurite.ENTRA_ISSUER, OAuthAzurite.STORAGE_AUDIENCE, -3600, scopes),
        "expired");
  }

  @Test
  void aTokenForAnotherServiceIsRefused() {
    assertRefused(
        OAuthAzurite.credential(OAuthAzurite.ENTRA_ISSUER, "https://vault.azure.net", 3600, scopes),
        "AuthenticationFailed");
  }

  private void assertRefused(TokenCredential credential, String expected) {
    var backend = AzureBackend.create(azurite.options(credential), azurite.transport());
    try {
      Throwable refused = failure(backend.open(fixture.vertx(), Await.hubName(), 1));
      String text = describe(refused);
      assertTrue(text.contains(expected), "expected '" + expected + "' in: " + text);
      assertTrue(text.contains("AuthenticationFailed (403)"), text);
      assertFalse(scopes.isEmpty(), "the credential was asked for a token");
    } finally {
      await(backend.close());
    }
  }

  private static String describe(Throwable t) {
    var text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      text.append(c).append(" | ");
    }
    return text.toString();
  }

  @Test
  void aRequestWithoutABearerTokenIsRefusedAndTheSameWithOneIsServed() throws Exception {
    var http = HttpClient.newBuilder().sslContext(azurite.sslContext()).build();
    URI list = URI.create(azurite.azurite().queueEndpoint() + "?comp=list");
    var anonymous = HttpRequest.newBuilder(list).header("x-ms-version", "2021-02-12").build();
    HttpResponse<String> refused = http.send(anonymous, HttpResponse.BodyHandlers.ofString());
    assertEquals(403, refused.statusCode(), refused.body());

    String token =
        validCredential()
            .getTokenSync(
                new com.azure.core.credential.TokenRequestContext()
                    .addScopes("https://storage.azure.com/.default"))
            .getToken();
    var signed =
        HttpRequest.newBuilder(list)
            .header("x-ms-version", "2021-02-12")
            .header("Authorization", "Bearer " + token)
            .build();
    HttpResponse<String> served = http.send(signed, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, served.statusCode(), served.body());
  }
}
