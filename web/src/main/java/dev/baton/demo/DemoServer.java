package dev.baton.demo;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.storage.memory.MemoryBackend;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import dev.baton.web.HttpTrigger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;

/**
 * The demo server: the reference scenario on the memory backend behind HTTP. {@code GET|POST
 * /api/start?run_id=..&hellos_count=..} signals the entity {@code session_handler} (key {@code
 * my_counter_{run_id}}: {@code add} 2, then {@code get}), starts {@code message_orchestrator} as
 * {@code instance{run_id}} and answers 202 with the check-status payload; Durable Functions'
 * management API is served at its default path.
 */
public final class DemoServer {

  /** The path of the reference scenario's HTTP trigger. */
  public static final String START_PATH = "/api/start";

  private final Vertx vertx;
  private final Baton baton;
  private final DurableHttpApi api;
  private final HttpServer server;
  private final String host;

  private DemoServer(Vertx vertx, Baton baton, DurableHttpApi api, HttpServer server, String host) {
    this.vertx = vertx;
    this.baton = baton;
    this.api = api;
    this.server = server;
    this.host = host;
  }

  /** Starts the engine and the server on {@code host:port} (port 0 picks a free one). */
  public static Future<DemoServer> start(Vertx vertx, String host, int port) {
    Baton baton =
        ReferenceScenario.register(Baton.builder(vertx))
            .backend(MemoryBackend.create())
            .options(new BatonOptions().setTaskHub("demo"))
            .build();
    DurableHttpApi api =
        DurableHttpApi.create(vertx, baton::client, new DurableHttpApiOptions().setTaskHub("demo"));
    Router router = Router.router(vertx);
    api.mount(router);
    HttpTrigger start = (ctx, client) -> startScenario(api, ctx, client);
    api.addHttpTrigger(router, HttpMethod.GET, START_PATH, start);
    api.addHttpTrigger(router, HttpMethod.POST, START_PATH, start);
    return baton
        .start()
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(port, host))
        .map(server -> new DemoServer(vertx, baton, api, server, host))
        .recover(t -> baton.close().transform(x -> Future.failedFuture(t)));
  }

  /** The reference scenario's HTTP function: start the orchestration, answer 202. */
  static Future<Void> startScenario(DurableHttpApi api, RoutingContext ctx, DurableClient client) {
    String runId = ctx.queryParams().get("run_id");
    String count = ctx.queryParams().get("hellos_count");
    if (runId == null || runId.isEmpty() || count == null) {
      return badRequest(ctx, "pass run_id and hellos_count, e.g. ?run_id=1&hellos_count=3");
    }
    int hellos;
    try {
      hellos = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return badRequest(ctx, "hellos_count must be an integer, got '" + count + "'");
    }
    var session = ReferenceScenario.session(runId);
    return client
        .signalEntity(session, "add", 2)
        .compose(v -> client.signalEntity(session, "get", null))
        .compose(
            v ->
                client.scheduleNewOrchestration(
                    ReferenceScenario.ORCHESTRATOR,
                    Map.of("hellos_count", hellos),
                    new StartOptions().setInstanceId("instance" + runId)))
        .compose(id -> api.createCheckStatusResponse(ctx, id));
  }

  private static Future<Void> badRequest(RoutingContext ctx, String message) {
    return Future.failedFuture(new HttpException(400, message));
  }

  public Vertx vertx() {
    return vertx;
  }

  public Baton baton() {
    return baton;
  }

  public DurableHttpApi api() {
    return api;
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://host:port}. */
  public String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Stops the server and the engine. */
  public Future<Void> close() {
    return server.close().eventually(baton::close);
  }
}
