package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;

/**
 * Counts the HTTP requests sent to the storage services, retries included, by kind: the service,
 * the HTTP method, and for tables whether it was a batch ({@code "queue POST"}, {@code "table POST
 * batch"}). Bound to Micrometer registries, it shows each kind as the counter {@code
 * baton.azure.requests} with a {@code kind} tag.
 */
final class RequestCounter {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** The pipeline policy that counts the requests of one service's client. */
  HttpPipelinePolicy policy(String service) {
    return new HttpPipelinePolicy() {
      @Override
      public Mono<HttpResponse> process(
          HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        String kind = service + " " + request.getHttpMethod();
        if (request.getUrl().getPath().endsWith("$batch")) {
          kind += " batch";
        }
        LongAdder count = counts.get(kind);
        if (count == null) {
          count = counts.computeIfAbsent(kind, k -> registered(k, new LongAdder()));
        }
        count.increment();
        return next.process();
      }

      @Override
      public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
      }
    };
  }

  /** Shows every kind, those seen so far and those to come, as a counter in {@code registry}. */
  synchronized void bindTo(MeterRegistry registry) {
    if (registries.contains(registry)) {
      return;
    }
    registries.add(registry);
    counts.forEach((kind, count) -> register(registry, kind, count));
  }

  private synchronized LongAdder registered(String kind, LongAdder count) {
    for (MeterRegistry registry : registries) {
      register(registry, kind, count);
    }
    return count;
  }

  private static void register(MeterRegistry registry, String kind, LongAdder count) {
    FunctionCounter.builder("baton.azure.requests", count, LongAdder::sum)
        .description("HTTP requests sent to Azure Storage, retries included, by kind")
        .tag("kind", kind)
        .register(registry);
  }

  long count() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The counts by kind, sorted by kind. */
  Map<String, Long> byKind() {
    var out = new TreeMap<String, Long>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
