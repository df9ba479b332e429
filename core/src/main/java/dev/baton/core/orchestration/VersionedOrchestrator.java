package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One orchestrator name, several versions of its code side by side: each instance runs the code of
 * the version it was started with ({@link OrchestrationContext#version()}, set by {@code
 * StartOptions.setVersion}), so instances started on old code replay old code while new instances
 * run the new one. Remove a version once no instance of it is running.
 *
 * <pre>{@code
 * builder.addOrchestrator("order", new VersionedOrchestrator()
 *     .unversioned(orderV1)   // instances started before versions were used
 *     .add("2", orderV2));
 * client.scheduleNewOrchestration("order", input, new StartOptions().setVersion("2"));
 * }</pre>
 *
 * <p>An instance whose version has no code fails with {@code UNKNOWN_ORCHESTRATOR}. Changes that
 * keep the history's calls in the same order (a different log line, a new branch taken only by new
 * inputs) need no new version; {@code Replayer} tells which is which. Where engines of different
 * code share a task hub, {@code BatonOptions.setVersioning} gives new starts a default version and
 * keeps each engine off the versions it does not run (left for another engine, or failed).
 */
public final class VersionedOrchestrator implements Orchestrator<Object> {

  private final Map<String, Orchestrator<?>> versions = new LinkedHashMap<>();
  private Orchestrator<?> unversioned;

  /** Runs {@code code} for instances started with {@code version}. */
  public VersionedOrchestrator add(String version, Orchestrator<?> code) {
    Objects.requireNonNull(version, "version: use unversioned(...) for instances without one");
    versions.put(version, Objects.requireNonNull(code, "code"));
    return this;
  }

  /** Runs {@code code} for instances started without a version. */
  public VersionedOrchestrator unversioned(Orchestrator<?> code) {
    this.unversioned = Objects.requireNonNull(code, "code");
    return this;
  }

  @Override
  public Object run(OrchestrationContext ctx) throws Exception {
    String version = ctx.version();
    Orchestrator<?> code = version == null ? unversioned : versions.get(version);
    if (code == null) {
      throw new BatonException(
          ErrorCode.UNKNOWN_ORCHESTRATOR,
          "orchestrator '"
              + ctx.name()
              + "' has no code for "
              + (version == null ? "instances without a version" : "version '" + version + "'")
              + "; known versions: "
              + versions.keySet()
              + (unversioned == null ? "" : " and unversioned"));
    }
    return code.run(ctx);
  }
}
