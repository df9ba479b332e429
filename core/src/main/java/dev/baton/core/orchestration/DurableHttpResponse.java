package dev.baton.core.orchestration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to a {@link DurableHttpRequest}: its status, its headers (names in lower case, each
 * with its values in the order received) and its body as UTF-8 text ({@code null} when empty). It
 * is stored in the instance's history, so a replay reads it from there instead of sending the
 * request again.
 *
 * <pre>{@code
 * DurableHttpResponse r = ctx.callHttp(new DurableHttpRequest(HttpMethod.GET, url)).await();
 * if (r.status() == 200 && "application/json".equals(r.header("Content-Type"))) { ... }
 * }</pre>
 *
 * @param status the HTTP status code
 * @param headers the headers, by lower-case name
 * @param body the body, or {@code null}
 */
public record DurableHttpResponse(int status, Map<String, List<String>> headers, String body) {

  public DurableHttpResponse {
    var byName = new LinkedHashMap<String, List<String>>();
    if (headers != null) {
      headers.forEach(
          (name, values) ->
              byName
                  .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                  .addAll(values == null ? List.of() : values));
    }
    byName.replaceAll((name, values) -> List.copyOf(values));
    headers = Collections.unmodifiableMap(byName);
  }

  /** The first value of header {@code name} (any case), or {@code null}. */
  public String header(String name) {
    List<String> values = name == null ? null : headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
