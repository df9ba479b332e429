package dev.baton.storage.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.baton.storage.azure.testing.Azurite;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * A second Azurite for the credential tests, apart from the shared plain one: HTTPS with a
 * self-signed certificate for 127.0.0.1 that {@code keytool} makes for each run, OAuth in basic
 * mode (bearer tokens checked for issuer, audience and lifetime), its own ports and state
 * directory. It gives the HTTP transport and the TLS context that trust exactly that certificate,
 * and token credentials whose JWTs Azurite accepts or refuses.
 */
final class OAuthAzurite implements AutoCloseable {

  /** An issuer prefix Azurite accepts (Microsoft Entra ID's token service). */
  static final String ENTRA_ISSUER = "https://sts.windows.net/" + UUID.randomUUID() + "/";

  /** The audience of Azure Storage tokens, what {@code https://storage.azure.com/.default} asks. */
  static final String STORAGE_AUDIENCE = "https://storage.azure.com";

  private final Azurite azurite;
  private final X509Certificate certificate;
  private final Path pfx;
  private final String password;

  private OAuthAzurite(Azurite azurite, X509Certificate certificate, Path pfx, String password) {
    this.azurite = azurite;
    this.certificate = certificate;
    this.pfx = pfx;
    this.password = password;
  }

  /** Makes a certificate under {@code target/azurite-oauth} and starts the emulator with it. */
  static OAuthAzurite start() throws IOException, GeneralSecurityException, InterruptedException {
    Path module =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    Path state = module.resolve("target/azurite-oauth");
    Files.createDirectories(state);
    Path pfx = state.resolve("azurite.pfx");
    Files.deleteIfExists(pfx);
    String password = UUID.randomUUID().toString();
    keytool(
        "-genkeypair",
        "-alias",
        "azurite",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype",
        "PKCS12",
        "-keystore",
        pfx.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    var store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pfx)) {
      store.load(in, password.toCharArray());
    }
    var certificate = (X509Certificate) store.getCertificate("azurite");
    return new OAuthAzurite(
        Azurite.startWithOAuth(module, state, pfx, password), certificate, pfx, password);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }

  Azurite azurite() {
    return azurite;
  }

  /** The Azure SDK's Netty transport, trusting this emulator's certificate and no other. */
  UnaryOperator<reactor.netty.http.client.HttpClient> transport() {
    try {
      SslContext tls = SslContextBuilder.forClient().trustManager(certificate).build();
      return client -> client.secure(spec -> spec.sslContext(tls));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The emulator's certificate and key, for another test server on 127.0.0.1 to serve. */
  io.vertx.core.net.PfxOptions serverCertificate() {
    return new io.vertx.core.net.PfxOptions().setPath(pfx.toString()).setPassword(password);
  }

  /** An Azure SDK HTTP client trusting this emulator's certificate (e.g. for azure-identity). */
  com.azure.core.http.HttpClient httpClient() {
    return new com.azure.core.http.netty.NettyAsyncHttpClientBuilder(
            transport().apply(reactor.netty.http.client.HttpClient.create()))
        .build();
  }

  /** A JDK TLS context trusting this emulator's certificate, for requests made by hand. */
  SSLContext sslContext() throws GeneralSecurityException, IOException {
    var trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("azurite", certificate);
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    var context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** Options naming this emulator's three https endpoints and {@code credential}. */
  AzureStorageOptions options(TokenCredential credential) {
    return new AzureStorageOptions()
        .setBlobEndpoint(azurite.blobEndpoint())
        .setQueueEndpoint(azurite.queueEndpoint())
        .setTableEndpoint(azurite.tableEndpoint())
        .setCredential(credential)
        .setMaxConnections(8);
  }

  /**
   * A credential whose tokens are JWTs from {@code issuer} for {@code audience}, valid from a
   * minute ago until {@code expiresIn} seconds from now, as Microsoft Entra ID issues them
   * (unsigned: Azurite's basic mode does not check signatures). The scopes it is asked for are
   * added to {@code scopes}.
   */
  static TokenCredential credential(
      String issuer, String audience, long expiresIn, Set<String> scopes) {
    return request -> {
      scopes.addAll(request.getScopes());
      String jwt = jwt(issuer, audience, expiresIn);
      // an expired token is handed out as valid for a while, as a clock-skewed identity would
      var expiry = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(Math.max(expiresIn, 600));
      return Mono.just(new AccessToken(jwt, expiry));
    };
  }

  /**
   * A JWT from {@code issuer} for {@code audience}, valid from a minute ago for {@code expiresIn}
   * seconds, unsigned.
   */
  static String jwt(String issuer, String audience, long expiresIn) {
    long now = Instant.now().getEpochSecond();
    String claims =
        "{\"aud\":\""
            + audience
            + "\",\"iss\":\""
            + issuer
            + "\",\"iat\":"
            + (now - 60)
            + ",\"nbf\":"
            + (now - 60)
            + ",\"exp\":"
            + (now + expiresIn)
            + ",\"oid\":\""
            + UUID.randomUUID()
            + "\"}";
    return base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")
        + "."
        + base64Url(claims)
        + "."
        + base64Url("unsigned");
  }

  /** A set the credential's requested scopes go into, safe across threads. */
  static Set<String> scopeLog() {
    return ConcurrentHashMap.newKeySet();
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    azurite.close();
  }
}
