package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;

/**
 * Counts the HTTP requests sent to the storage services, retries included, by kind: the service,
 * the HTTP method, and for tables whether it was a batch ({@code "queue POST"}, {@code "table POST
 * batch"}).
 */
final class RequestCounter {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

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
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        return next.process();
      }

      @Override
      public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
      }
    };
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
