package dev.baton.core.testing;

import dev.baton.core.Baton;
import dev.baton.core.orchestration.DurableHttpRequest;
import dev.baton.core.orchestration.DurableHttpResponse;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskOptions;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Representative orchestrators whose recorded histories are kept under {@code
 * src/test/resources/histories} and replayed on every build ({@code SavedHistoriesTest}). Change
 * one of them only together with a new recording: a failing replay means running instances of the
 * old code would fail too.
 */
public final class SampleOrchestrators {

  private SampleOrchestrators() {}

  /** Every sample by name. */
  public static Map<String, Orchestrator<?>> all() {
    Map<String, Orchestrator<?>> all = new LinkedHashMap<>();
    all.put(
        "sample_greetings",
        ctx -> {
          ctx.setCustomStatus(Map.of("step", "greeting"));
          String a = ctx.callActivity("sample_hello", "Tokyo", String.class).await();
          String b = ctx.callActivity("sample_hello", "London", String.class).await();
          return List.of(a, b, ctx.newUuid().toString(), ctx.newUuid().toString());
        });
    all.put(
        "sample_fan_out",
        ctx -> {
          List<Task<Integer>> parts = new ArrayList<>();
          for (int i = 1; i <= 5; i++) {
            parts.add(ctx.callActivity("sample_square", i, Integer.class));
          }
          int sum = ctx.allOf(parts).await().stream().mapToInt(Integer::intValue).sum();
          Task<?> first =
              ctx.anyOf(
                      List.of(
                          ctx.callActivity("sample_square", 10, Integer.class),
                          ctx.createTimer(Duration.ofDays(1))))
                  .await();
          return sum + (Integer) first.await();
        });
    all.put(
        "sample_retry",
        ctx -> {
          var retry =
              new RetryPolicy()
                  .setMaxAttempts(4)
                  .setFirstRetryInterval(Duration.ofMillis(5))
                  .setBackoffCoefficient(2);
          return ctx.callActivity(
                  "sample_flaky", null, String.class, new TaskOptions().setRetryPolicy(retry))
              .await();
        });
    all.put(
        "sample_events",
        ctx -> {
          String approval = ctx.waitForExternalEvent("approval", String.class).await();
          String late =
              ctx.waitForExternalEvent("never", Duration.ofMillis(20), String.class, "timed out")
                  .await();
          ctx.sendEvent(ctx.instanceId(), "self", 7);
          int self = ctx.waitForExternalEvent("self", Integer.class).await();
          return approval + "/" + late + "/" + self + "@" + ctx.currentTime().getEpochSecond();
        });
    all.put(
        "sample_parent",
        ctx -> {
          int a = ctx.callSubOrchestrator("sample_child", 3, Integer.class).await();
          int b =
              ctx.callSubOrchestrator(
                      "sample_child",
                      4,
                      Integer.class,
                      new SubOrchestrationOptions().setInstanceId("sample-kid"))
                  .await();
          return a + b;
        });
    all.put(
        "sample_child",
        ctx -> ctx.callActivity("sample_square", ctx.input(Integer.class), Integer.class).await());
    all.put(
        "sample_eternal",
        ctx -> {
          int n = ctx.input(Integer.class);
          String next = ctx.waitForExternalEvent("tick", String.class).await();
          if (next.equals("stop")) {
            return n;
          }
          ctx.continueAsNew(n + 1);
          return -1;
        });
    all.put(
        "sample_suspended",
        ctx -> {
          String a = ctx.waitForExternalEvent("go", String.class).await();
          return ctx.callActivity("sample_hello", a, String.class).await();
        });
    all.put(
        "sample_http",
        ctx -> { // input: the base URI of the recorder's loopback server
          DurableHttpResponse r =
              ctx.callHttp(
                      new DurableHttpRequest(HttpMethod.POST, ctx.input(String.class) + "/jobs")
                          .putHeader("Content-Type", "text/plain")
                          .setBody("report")
                          .setPollInterval(Duration.ofMillis(10))
                          .setTimeout(Duration.ofMinutes(1))
                          .setRetryPolicy(
                              new RetryPolicy()
                                  .setMaxAttempts(2)
                                  .setFirstRetryInterval(Duration.ofMillis(5))))
                  .await();
          return r.status() + " " + r.body() + " " + r.header("x-job");
        });
    return all;
  }

  /** Registers every sample and the activities they call. */
  public static Baton.Builder register(Baton.Builder b) {
    all().forEach(b::addOrchestrator);
    var flaky = new AtomicInteger();
    return b.addActivity("sample_hello", ctx -> "Hello " + ctx.input(String.class) + "!")
        .addActivity("sample_square", ctx -> ctx.input(Integer.class) * ctx.input(Integer.class))
        .addActivity(
            "sample_flaky",
            ctx -> {
              if (flaky.incrementAndGet() % 3 != 0) {
                throw new IllegalStateException("flaky #" + flaky.get());
              }
              return "worked";
            });
  }
}
