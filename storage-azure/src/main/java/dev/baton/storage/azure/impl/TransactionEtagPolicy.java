package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Hands a table transaction's first ETag to its caller. The SDK parses a transaction's multipart
 * response but drops each operation's headers, so the new ETag of the history sentinel (always the
 * first operation) would need another read. A caller that puts an {@code AtomicReference<String>}
 * under {@link #SINK} in the Reactor context of {@code submitTransaction} gets the ETag of the
 * first operation's response in it, or nothing when the response holds none.
 */
final class TransactionEtagPolicy implements HttpPipelinePolicy {

  static final String SINK = "baton.transaction-etag";

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    if (!(context.getData(SINK).orElse(null) instanceof AtomicReference<?> sink)) {
      return next.process();
    }
    @SuppressWarnings("unchecked")
    var etagSink = (AtomicReference<String>) sink;
    return next.process()
        .flatMap(
            response -> {
              if (response.getStatusCode() != 202) {
                return Mono.just(response);
              }
              HttpResponse buffered = response.buffer();
              return buffered
                  .getBodyAsString()
                  .map(
                      body -> {
                        etagSink.set(firstEtag(body));
                        return buffered;
                      })
                  .defaultIfEmpty(buffered);
            });
  }

  /** The value of the first {@code ETag:} header line of a multipart response, or null. */
  static String firstEtag(String body) {
    int from = 0;
    while (from < body.length()) {
      int end = body.indexOf('\n', from);
      if (end < 0) {
        end = body.length();
      }
      String line = body.substring(from, end).trim();
      if (line.regionMatches(true, 0, "ETag:", 0, 5)) {
        String value = line.substring(5).trim();
        return value.isEmpty() ? null : value;
      }
      from = end + 1;
    }
    return null;
  }
}
