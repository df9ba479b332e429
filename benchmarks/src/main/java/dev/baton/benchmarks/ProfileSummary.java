package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording of the report ({@code ./baton.sh bench --jfr NAME} or {@code cpu --jfr
 * NAME}) and prints where its CPU samples fall: by thread kind, by the top frame, by the nearest
 * Baton frame (a library method's samples counted to the Baton method that called it), and the
 * Baton methods on the stack of the most samples (inclusive). It reads the JDK's CPU-time samples
 * ({@code jdk.CPUTimeSample}, JDK 25 on Linux) when the recording has them, else the execution
 * samples.
 *
 * <p>Run it with {@code ./baton.sh profile benchmarks/target/cpu-chain.jfr [rows]}.
 */
public final class ProfileSummary {

  /**
   * The areas a sample is charged to: the innermost frame that matches a rule names it, so JSON
   * written inside a commit counts as JSON and a map lookup counts to the Baton code that made it.
   */
  private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put(
        "JSON (Jackson, data converter)",
        List.of(
            "com.fasterxml.jackson.",
            "dev.baton.core.impl.JacksonDataConverter",
            "dev.baton.core.impl.ScalarJson"));
    AREAS.put("memory store: history", List.of("dev.baton.storage.memory.MemoryHistoryStore"));
    AREAS.put(
        "memory store: queues",
        List.of("dev.baton.storage.memory.MemoryQueue", "dev.baton.storage.memory.MemoryWorkItem"));
    AREAS.put(
        "memory store: instance rows", List.of("dev.baton.storage.memory.MemoryInstanceStore"));
    AREAS.put("memory store: other", List.of("dev.baton.storage.memory."));
    AREAS.put(
        "random ids (SecureRandom UUIDs)",
        List.of(
            "java.util.UUID.randomUUID", "java.security.SecureRandom", "sun.security.provider."));
    AREAS.put(
        "client: wait for completion",
        List.of(
            "dev.baton.core.impl.DurableClientImpl.waitFor",
            "dev.baton.core.impl.InstanceWatchers"));
    AREAS.put(
        "client: start",
        List.of(
            "dev.baton.core.impl.DurableClientImpl.schedule", "dev.baton.core.impl.StartWrites"));
    AREAS.put("client: entities", List.of("dev.baton.core.impl.entity.EntityClient"));
    AREAS.put("entity batches", List.of("dev.baton.core.impl.entity."));
    AREAS.put(
        "replay (orchestrator code, history fold)",
        List.of(
            "dev.baton.core.impl.replay.",
            "dev.baton.core.impl.OrchestrationSlot",
            "dev.baton.benchmarks.Workloads.lambda"));
    AREAS.put("activity worker", List.of("dev.baton.core.impl.ActivityWorker"));
    AREAS.put(
        "episode commit (history, row, sends)",
        List.of(
            "dev.baton.core.impl.OrchestrationSteps.commit",
            "dev.baton.core.impl.PartitionVerticle.commit",
            "dev.baton.core.impl.InstanceWrites",
            "dev.baton.core.impl.BatonImpl.sendEffects"));
    AREAS.put("Baton: ", List.of("dev.baton.core."));
    AREAS.put(
        "thread hand-offs (virtual threads, fork-join park/unpark)",
        List.of(
            "java.util.concurrent.ForkJoin",
            "java.lang.VirtualThread",
            "jdk.internal.vm.Continuation",
            "java.util.concurrent.locks.LockSupport",
            "jdk.internal.misc.Unsafe.park",
            "jdk.internal.misc.Unsafe.unpark"));
    AREAS.put("Vert.x / Netty dispatch", List.of("io.vertx.", "io.netty."));
    AREAS.put("benchmark driver", List.of("dev.baton.benchmarks."));
  }

  private ProfileSummary() {}

  /** The area of a sample and the frame that placed it there. */
  private record Area(String name, String frame) {}

  static Area area(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String n = name(f);
      for (var a : AREAS.entrySet()) {
        for (String prefix : a.getValue()) {
          if (n.startsWith(prefix)) {
            return new Area(
                a.getKey().equals("Baton: ") ? "Baton: " + simpleClass(f) : a.getKey(), n);
          }
        }
      }
    }
    return new Area("other (JDK, JFR)", name(frames.get(0)));
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: ProfileSummary FILE.jfr [rows]");
      System.exit(64);
    }
    if (!java.nio.file.Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("ProfileSummary: no recording at " + args[0]);
      System.exit(66);
    }
    int rows = args.length > 1 && args[1].matches("\\d{1,4}") ? Integer.parseInt(args[1]) : 12;
    List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
    String kind =
        events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"))
            ? "jdk.CPUTimeSample"
            : "jdk.ExecutionSample";
    Map<String, Integer> areas = new HashMap<>();
    Map<String, Map<String, Integer>> areaFrames = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> top = new HashMap<>();
    Map<String, Integer> nearest = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : events) {
      if (!e.getEventType().getName().equals(kind) || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      total++;
      threads.merge(
          threadKind(e.getThread(e.hasField("sampledThread") ? "sampledThread" : "eventThread")),
          1,
          Integer::sum);
      top.merge(name(frames.get(0)), 1, Integer::sum);
      Area area = area(frames);
      areas.merge(area.name(), 1, Integer::sum);
      areaFrames
          .computeIfAbsent(area.name(), k -> new HashMap<>())
          .merge(area.frame(), 1, Integer::sum);
      String near = "(no Baton frame) " + name(frames.get(frames.size() - 1));
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (n.startsWith("dev.baton.") && !n.startsWith("dev.baton.benchmarks.")) {
          if (seen.isEmpty()) {
            near = n;
          }
          if (seen.add(n)) {
            inclusive.merge(n, 1, Integer::sum);
          }
        }
      }
      nearest.merge(near, 1, Integer::sum);
    }
    System.out.printf("# %s: %d %s samples%n", args[0], total, kind);
    print("area (innermost matching frame)", areas, total, rows);
    int all = total;
    areas.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(5)
        .forEach(en -> print("frames of " + en.getKey(), areaFrames.get(en.getKey()), all, 4));
    print("thread kind", threads, total, rows);
    print("top frame (self)", top, total, rows);
    print("nearest Baton frame (self + the libraries it calls)", nearest, total, rows);
    print("Baton method on the stack (inclusive)", inclusive, total, rows);
  }

  private static String simpleClass(RecordedFrame f) {
    String c = f.getMethod().getType().getName();
    c = c.substring(c.lastIndexOf('.') + 1);
    int inner = c.indexOf('$');
    return inner > 0 ? c.substring(0, inner) : c;
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String threadKind(RecordedThread t) {
    if (t == null) {
      return "?";
    }
    if (t.isVirtual()) {
      return "virtual thread";
    }
    String n = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
    return n == null ? "?" : n.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-");
  }

  private static void print(String title, Map<String, Integer> counts, int total, int rows) {
    System.out.println("## " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            en ->
                System.out.printf(
                    "%5.1f%%  %6d  %s%n",
                    100.0 * en.getValue() / total, en.getValue(), en.getKey()));
  }
}
