package dev.baton.demo;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityId;
import dev.baton.core.impl.LogSafe;
import dev.baton.core.spi.Backend;
import dev.baton.storage.memory.MemoryBackend;
import dev.baton.web.Dashboard;
import dev.baton.web.DashboardOptions;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import dev.baton.web.HttpTrigger;
import dev.baton.web.MetricsHandler;
import dev.baton.web.stream.DurableAction;
import dev.baton.web.stream.StreamTrigger;
import dev.baton.web.stream.StreamTriggerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;

/**
 * The demo server: the reference scenario on the memory backend behind HTTP. {@code GET|POST
 * /api/start?run_id=..&hellos_count=..} signals the entity {@code session_handler} (key {@code
 * my_counter_{run_id}}: {@code add} 2, then {@code get}), starts {@code message_orchestrator} as
 * {@code instance{run_id}} and answers 202 with the check-status payload; Durable Functions'
 * management API is served at its default path, the dashboard at {@code /dashboard}, and the
 * engine's meters at {@code /metrics} (Prometheus' text format).
 *
 * <p>It also runs a stream trigger: messages {@code {"key": k, "amount": n}} on the event-bus
 * address {@value #COUNTERS_ADDRESS} become {@code add} signals to the entity {@code counter} with
 * key {@code k}, a stateful streaming pipeline; {@code POST /api/counters/{key}?amount=n} puts one
 * message on that address.
 *
 * <p>Without a key it listens on loopback only; with one, every route needs it.
 */
public final class DemoServer {

  private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

  /** The path of the reference scenario's HTTP trigger. */
  public static final String START_PATH = "/api/start";

  /** Where the engine's meters are served in Prometheus' text format. */
  public static final String METRICS_PATH = "/metrics";

  /** The event-bus address whose messages {@code {"key": k, "amount": n}} add to counters. */
  public static final String COUNTERS_ADDRESS = "demo.counters";

  /** {@code POST /api/counters/{key}?amount=n} publishes one message to the counters address. */
  public static final String COUNTERS_PATH = "/api/counters/:key";

  /** The per-key counter entities the counters stream signals. */
  public static final String COUNTER_ENTITY = "counter";

  /** Counts what {@code add} is given; {@code get} answers the count. */
  static final Entity COUNTER =
      ctx ->
          switch (ctx.operationName()) {
            case "add" -> {
              ctx.setState(ctx.state(Long.class, () -> 0L) + ctx.input(Long.class));
              yield null;
            }
            case "get" -> ctx.hasState() ? ctx.state(Long.class) : 0L;
            case "delete" -> {
              ctx.deleteState();
              yield null;
            }
            default ->
                throw new IllegalArgumentException(
                    "counter has no operation '" + ctx.operationName() + "'; use add, get, delete");
          };

  private final Vertx vertx;
  private final Baton baton;
  private final DurableHttpApi api;
  private final HttpServer server;
  private final String host;
  private final StreamTrigger<Message<JsonObject>> counters;
  private final MessageConsumer<JsonObject> consumer;

  private DemoServer(
      Vertx vertx,
      Baton baton,
      DurableHttpApi api,
      HttpServer server,
      String host,
      MessageConsumer<JsonObject> consumer,
      StreamTrigger<Message<JsonObject>> counters) {
    this.vertx = vertx;
    this.baton = baton;
    this.api = api;
    this.server = server;
    this.host = host;
    this.consumer = consumer;
    this.counters = counters;
  }

  /** Starts the engine and the server on {@code host:port} (port 0 picks a free one). */
  public static Future<DemoServer> start(Vertx vertx, String host, int port) {
    return start(vertx, host, port, MemoryBackend.create());
  }

  /** As above, on {@code backend}, which the caller closes after the server. */
  public static Future<DemoServer> start(Vertx vertx, String host, int port, Backend backend) {
    return start(vertx, host, port, backend, null);
  }

  /**
   * As above, protected by {@code key} when it is not {@code null}: the management API and the
   * demo's triggers then need it ({@code ?code=} or {@code x-functions-key}). Without a key the
   * server may listen on loopback only; any other host fails the start.
   */
  public static Future<DemoServer> start(
      Vertx vertx, String host, int port, Backend backend, String key) {
    var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Baton baton =
        ReferenceScenario.register(Baton.builder(vertx))
            .addEntity(COUNTER_ENTITY, COUNTER)
            .backend(backend)
            .options(new BatonOptions().setTaskHub("demo"))
            .meterRegistry(prometheus)
            .build();
    DurableHttpApi api =
        DurableHttpApi.create(
            vertx, baton::client, new DurableHttpApiOptions().setTaskHub("demo").setKey(key));
    Router router = Router.router(vertx);
    api.mount(router);
    Dashboard.create(vertx, api, baton::client, new DashboardOptions()).mount(router);
    router.route("/api/*").handler(api.keyHandler()); // lets everything through without a key
    HttpTrigger start = (ctx, client) -> startScenario(api, ctx, client);
    api.addHttpTrigger(router, HttpMethod.GET, START_PATH, start);
    api.addHttpTrigger(router, HttpMethod.POST, START_PATH, start);
    api.addHttpTrigger(router, HttpMethod.POST, COUNTERS_PATH, DemoServer::publishCount);
    router.get(METRICS_PATH).handler(api.keyHandler()).handler(MetricsHandler.create(prometheus));

    // a stateful streaming pipeline: event-bus messages become signals to per-key counters
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                new MessageConsumerOptions()
                    .setAddress(COUNTERS_ADDRESS)
                    .setMaxBufferedMessages(100_000));
    StreamTrigger<Message<JsonObject>> counters =
        StreamTrigger.create(
                vertx,
                consumer,
                baton::client,
                msg ->
                    DurableAction.signalEntity(
                        EntityId.of(COUNTER_ENTITY, msg.body().getString("key")),
                        "add",
                        msg.body().getLong("amount", 1L)),
                new StreamTriggerOptions())
            .failureHandler(
                (msg, error) ->
                    LOG.log(
                        System.Logger.Level.WARNING,
                        "counter message "
                            + LogSafe.text(msg.body().encode())
                            + " dropped: "
                            + LogSafe.text(error.getMessage())));
    return baton
        .start()
        .compose(
            v -> {
              counters.start(); // registers the consumer
              return consumer.completion();
            })
        .compose(v -> api.listen(router, port, host))
        .map(server -> new DemoServer(vertx, baton, api, server, host, consumer, counters))
        .recover(t -> baton.close().transform(x -> Future.failedFuture(t)));
  }

  /** {@code POST /api/counters/{key}?amount=n}: one message on the counters address; 202. */
  static Future<Void> publishCount(RoutingContext ctx, DurableClient client) {
    String amount = ctx.queryParams().get("amount");
    long n;
    try {
      n = amount == null ? 1 : Long.parseLong(amount);
    } catch (NumberFormatException e) {
      return Future.failedFuture(
          new HttpException(400, "amount must be an integer, got '" + amount + "'"));
    }
    ctx.vertx()
        .eventBus()
        .send(COUNTERS_ADDRESS, new JsonObject().put("key", ctx.pathParam("key")).put("amount", n));
    return ctx.response().setStatusCode(202).end();
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

  /** The stream trigger that turns counter messages into entity signals. */
  public StreamTrigger<Message<JsonObject>> counters() {
    return counters;
  }

  /** Stops the server, the counters stream and the engine. */
  public Future<Void> close() {
    return server
        .close()
        .eventually(counters::stop)
        .eventually(consumer::unregister)
        .eventually(baton::close);
  }
}
