package dev.baton.storage.azure.impl;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;

/** Counts the HTTP requests sent to the storage services, retries included. */
final class RequestCounter implements HttpPipelinePolicy {

  private final LongAdder count = new LongAdder();

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    count.increment();
    return next.process();
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  long count() {
    return count.sum();
  }
}
