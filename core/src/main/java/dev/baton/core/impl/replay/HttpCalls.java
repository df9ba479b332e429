package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.history.HistoryEvent.TaskCompleted;
import dev.baton.core.history.HistoryEvent.TaskFailed;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.impl.HttpActivity;
import dev.baton.core.orchestration.DurableHttpRequest;
import dev.baton.core.orchestration.DurableHttpResponse;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Durable HTTP calls as orchestration logic: each exchange is a call of the built-in activity
 * {@link HttpActivity#NAME}; a {@code 202} with a {@code Location} is polled after a durable timer
 * ({@code Retry-After} or the poll interval); a retry policy repeats a failed exchange (network
 * error, 429, 5xx) after durable timers; a timeout is one more durable timer over the whole call.
 * Every step is an action in history, decided only from what history holds, so a replay takes the
 * same steps and sends nothing again. Used only from the execution's thread.
 */
final class HttpCalls {

  private final ExecutionContext ctx;

  HttpCalls(ExecutionContext ctx) {
    this.ctx = ctx;
  }

  TaskImpl<DurableHttpResponse> call(DurableHttpRequest request) {
    if (request == null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "callHttp needs a request, e.g. new DurableHttpRequest(HttpMethod.GET, uri)");
    }
    return new Call(request).start();
  }

  /** An answer to retry: a 429 or 5xx while a retry policy allows another attempt. */
  private static final class RetryableAnswer extends RuntimeException {
    final transient DurableHttpResponse response;

    RetryableAnswer(DurableHttpResponse response) {
      super("HTTP status " + response.status(), null, false, false);
      this.response = response;
    }
  }

  private final class Call {
    private final DurableHttpRequest request;
    private final long exchangeTimeoutMs;
    private final TaskImpl<DurableHttpResponse> result = new TaskImpl<>(ctx);

    Call(DurableHttpRequest request) {
      this.request = request;
      Duration timeout = request.getTimeout();
      this.exchangeTimeoutMs =
          timeout == null
              ? HttpActivity.EXCHANGE_TIMEOUT_MS
              : Math.min(timeout.toMillis(), HttpActivity.EXCHANGE_TIMEOUT_MS);
    }

    TaskImpl<DurableHttpResponse> start() {
      URI uri = request.getUri();
      String first =
          HttpActivity.input(
              request.getMethod().name(),
              uri,
              request.getHeaders(),
              request.getBody(),
              exchangeTimeoutMs);
      TaskImpl<DurableHttpResponse> answer = exchange(first);
      answer.onDone(() -> answered(answer, uri, false));
      Duration timeout = request.getTimeout();
      if (timeout != null && !result.isDone()) {
        ctx.createTimerTask(ctx.now().plus(timeout))
            .onDone(
                () ->
                    result.fail(
                        new TaskTimeoutException(
                            request.toString(),
                            timeout,
                            "HTTP call "
                                + request
                                + " did not finish within "
                                + timeout
                                + " (polling included); no further request is sent for it")));
      }
      return result;
    }

    /** What to do with the answer to an exchange with {@code uri}: return it, or poll. */
    private void answered(TaskImpl<DurableHttpResponse> answer, URI uri, boolean polling) {
      if (result.isDone()) {
        return; // timed out meanwhile
      }
      if (answer.isFailed()) {
        result.fail(answer.failure());
        return;
      }
      DurableHttpResponse response = answer.result();
      if (!request.isAsynchronousPatternEnabled() || response.status() != 202) {
        result.complete(response);
        return;
      }
      String location = response.header("location");
      if (location == null && !polling) {
        result.complete(response); // a 202 that names nothing to poll is the answer
        return;
      }
      URI next;
      try {
        next = location == null ? uri : HttpActivity.pollable(uri.resolve(location.trim()));
      } catch (RuntimeException bad) {
        result.fail(
            new BatonException(
                ErrorCode.TASK_FAILED,
                "the 202 answer from "
                    + uri
                    + " has the Location '"
                    + location
                    + "', which cannot be polled: "
                    + bad.getMessage()));
        return;
      }
      ctx.createTimerTask(ctx.now().plus(pollDelay(response)))
          .onDone(
              () -> {
                if (result.isDone()) {
                  return;
                }
                TaskImpl<DurableHttpResponse> poll = exchange(pollInput(next));
                poll.onDone(() -> answered(poll, next, true));
              });
    }

    /** {@code Retry-After} (seconds or an HTTP date), else the request's poll interval. */
    private Duration pollDelay(DurableHttpResponse response) {
      String retryAfter = response.header("retry-after");
      if (retryAfter != null) {
        String value = retryAfter.trim();
        if (!value.isEmpty() && value.length() < 10 && value.chars().allMatch(Character::isDigit)) {
          return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
          Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          Duration d = Duration.between(ctx.now(), at);
          return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException notADate) {
          // an unreadable Retry-After: the poll interval
        }
      }
      return request.getPollInterval();
    }

    /** A poll: GET with the request's headers, except those describing its body. */
    private String pollInput(URI uri) {
      Map<String, String> headers = new LinkedHashMap<>(request.getHeaders());
      headers
          .keySet()
          .removeIf(
              h -> h.equalsIgnoreCase("content-type") || h.equalsIgnoreCase("content-length"));
      return HttpActivity.input("GET", uri, headers, null, exchangeTimeoutMs);
    }

    /** One exchange, retried by the request's policy; an answer still retryable at the end wins. */
    private TaskImpl<DurableHttpResponse> exchange(String input) {
      if (request.getRetryPolicy() == null) {
        return attempt(input, false);
      }
      TaskImpl<DurableHttpResponse> retried =
          Retries.retrying(
              ctx,
              // once the call is over (timed out), no attempt is made: a task that never ends
              () -> result.isDone() ? new TaskImpl<>(ctx) : attempt(input, true),
              request.getRetryPolicy(),
              null);
      var out = new TaskImpl<DurableHttpResponse>(ctx);
      retried.onDone(
          () -> {
            if (!retried.isFailed()) {
              out.complete(retried.result());
            } else if (retried.failure() instanceof RetryableAnswer last) {
              out.complete(last.response);
            } else {
              out.fail(retried.failure());
            }
          });
      return out;
    }

    private TaskImpl<DurableHttpResponse> attempt(String input, boolean retrying) {
      int id = ctx.allocateTaskId();
      ctx.recordAction(
          new TaskScheduled(ctx.now(), id, HttpActivity.NAME, input, ctx.traceParent()));
      var task = new TaskImpl<DurableHttpResponse>(ctx);
      ctx.expect(
          id,
          e -> {
            if (e instanceof TaskCompleted c) {
              DurableHttpResponse response;
              try {
                response = HttpActivity.response(c.result());
              } catch (RuntimeException bad) {
                task.fail(bad);
                return;
              }
              int status = response.status();
              if (retrying && (status == 429 || (status >= 500 && status < 600))) {
                task.fail(new RetryableAnswer(response));
              } else {
                task.complete(response);
              }
            } else if (e instanceof TaskFailed f) {
              task.fail(new TaskFailedException(HttpActivity.NAME, id, f.failure()));
            }
          });
      return task;
    }
  }
}
