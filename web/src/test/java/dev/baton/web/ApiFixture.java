package dev.baton.web;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.BatonOptions;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.engine.BlockedLoops;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An engine on the memory backend, the HTTP API on a loopback server in front of it, and a web
 * client to call it. Futures are awaited from the test thread, never from an event loop.
 */
final class ApiFixture implements AutoCloseable {

  private static final AtomicInteger HUBS = new AtomicInteger();

  final Vertx vertx = Vertx.vertx();
  final BlockedLoops blocked = BlockedLoops.watch(vertx);
  final MemoryBackend backend = MemoryBackend.create();
  final String hub = "webhub" + HUBS.incrementAndGet();
  final DurableHttpApi api;
  final Router router;
  final WebClient web;
  private volatile Baton baton;
  private HttpServer server;

  /** A fixture with {@code options}; {@code routes} may add triggers before the server starts. */
  ApiFixture(DurableHttpApiOptions options, Consumer<ApiFixture> routes) {
    baton = startEngine();
    api = DurableHttpApi.create(vertx, this::client, options);
    router = Router.router(vertx);
    api.mount(router);
    routes.accept(this);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    web =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()),
            new PoolOptions().setHttp1MaxSize(32));
  }

  ApiFixture() {
    this(new DurableHttpApiOptions(), f -> {});
  }

  Baton startEngine() {
    Baton b =
        TestFunctions.register(Baton.builder(vertx))
            .backend(backend)
            .options(
                new BatonOptions()
                    .setTaskHub(hub)
                    .setMaxPollInterval(Duration.ofMillis(50))
                    .setLeaseDuration(Duration.ofSeconds(3))
                    .setLeaseRenewInterval(Duration.ofMillis(500)))
            .build();
    await(b.start());
    return b;
  }

  /** Closes the engine and starts a new one on the same hub (a process restart). */
  void restartEngine() {
    stopEngine();
    resumeEngine();
  }

  /** Closes the engine; the hub's data stays in the backend. */
  void stopEngine() {
    Baton old = baton;
    baton = null;
    await(old.close());
  }

  /** Starts a new engine on the hub after {@link #stopEngine}. */
  void resumeEngine() {
    baton = startEngine();
  }

  Baton baton() {
    return baton;
  }

  /** The running engine's client; fails with NOT_RUNNING between stop and resume. */
  DurableClient client() {
    Baton b = baton;
    if (b == null) {
      throw new BatonException(ErrorCode.NOT_RUNNING, "the test stopped the engine");
    }
    return b.client();
  }

  int port() {
    return server.actualPort();
  }

  /** The mount path plus {@code rel}. */
  String path(String rel) {
    return api.options().getMountPath() + rel;
  }

  Reply call(HttpMethod method, String uri) {
    return call(method, uri, null, MultiMap.caseInsensitiveMultiMap());
  }

  Reply call(HttpMethod method, String uri, String body) {
    return call(method, uri, body, MultiMap.caseInsensitiveMultiMap());
  }

  Reply call(HttpMethod method, String uri, String body, MultiMap headers) {
    return await(send(method, uri, body, headers));
  }

  Future<Reply> send(HttpMethod method, String uri, String body, MultiMap headers) {
    HttpRequest<Buffer> request = web.request(method, uri).putHeaders(headers);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> response =
        body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
    return response.map(
        r -> new Reply(r.statusCode(), r.headers(), r.body() == null ? "" : r.bodyAsString()));
  }

  /**
   * Calls {@code uri} until {@code done} holds, pausing briefly between calls, for 30 s at most.
   */
  Reply pollUntil(String uri, Predicate<Reply> done) {
    return pollUntil(uri, MultiMap.caseInsensitiveMultiMap(), done);
  }

  /** {@link #pollUntil(String, Predicate)} sending {@code headers} with each call. */
  Reply pollUntil(String uri, MultiMap headers, Predicate<Reply> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Reply r = call(HttpMethod.GET, uri, null, headers);
      if (done.test(r)) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching answer from " + uri + " in 30 s; last: " + r);
      }
      await(vertx.timer(20, TimeUnit.MILLISECONDS));
    }
  }

  /**
   * Sends {@code request} as raw bytes on a new loopback connection, to {@code host} (an address of
   * this machine; the server must listen there), and returns what came back until the server closed
   * the connection (send {@code Connection: close} or use HTTP/1.0).
   */
  Reply raw(String host, int port, String request) {
    NetClient net = vertx.createNetClient();
    try {
      String text =
          await(
              net.connect(port, host)
                  .compose(
                      socket -> {
                        Promise<String> done = Promise.promise();
                        Buffer received = Buffer.buffer();
                        socket.handler(received::appendBuffer);
                        socket.closeHandler(v -> done.tryComplete(received.toString()));
                        socket.write(request);
                        return done.future();
                      }));
      int headEnd = text.indexOf("\r\n\r\n");
      String head = headEnd < 0 ? text : text.substring(0, headEnd);
      String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
      String[] lines = head.split("\r\n");
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.add(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
        }
      }
      return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    } finally {
      net.close();
    }
  }

  /** {@link #raw(String, int, String)} to this fixture's loopback server. */
  Reply raw(String request) {
    return raw("127.0.0.1", port(), request);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("future did not complete in 60 s", e);
    }
  }

  @Override
  public void close() {
    try {
      Baton b = baton;
      if (b != null) {
        await(b.close());
      }
    } finally {
      await(vertx.close());
    }
    if (!blocked.reports().isEmpty()) {
      throw new AssertionError("no event loop may be blocked: " + blocked.reports());
    }
  }

  /** An HTTP answer. */
  record Reply(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray array() {
      return new JsonArray(body);
    }

    String header(String name) {
      return headers.get(name);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
