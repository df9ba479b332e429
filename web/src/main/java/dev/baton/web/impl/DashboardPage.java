package dev.baton.web.impl;

import dev.baton.web.DashboardOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard's one HTML document: the template, style sheet and script shipped under {@code
 * dev/baton/web/dashboard/} in this jar, put together once with the page's settings. Style and
 * script are inline, so the page is one request that the key protects like the rest; the Content
 * Security Policy allows exactly these two by hash, no other script, style, frame or origin.
 */
final class DashboardPage {

  private static final String RESOURCES = "/dev/baton/web/dashboard/";

  private final Buffer html;
  private final String policy;

  private DashboardPage(Buffer html, String policy) {
    this.html = html;
    this.policy = policy;
  }

  /** Reads the assets from the jar and fills the template. */
  static DashboardPage load(DashboardOptions options, String apiPath) {
    String template = resource("index.html");
    String css = resource("dashboard.css");
    String js = resource("dashboard.js");
    var config =
        new JsonObject()
            .put("base", options.getMountPath())
            .put("api", "/".equals(apiPath) ? "" : apiPath)
            .put("refreshMillis", options.getRefreshMillis())
            .put("pageSize", options.getPageSize());
    // JSON inside a script element: '<' escaped so no text can close the element
    String configText = config.encode().replace("<", "\\u003c");
    String page =
        template
            .replace("/*STYLE*/", css)
            .replace("/*SCRIPT*/", js)
            .replace("{/*CONFIG*/}", configText);
    String policy =
        "default-src 'none'; script-src '"
            + sha256(js)
            + "'; style-src '"
            + sha256(css)
            + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
    return new DashboardPage(Buffer.buffer(page), policy);
  }

  void serve(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", policy)
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(html);
  }

  private static String resource(String name) {
    try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the dashboard's " + name + " is missing from the baton-web jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the dashboard's " + name, e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
