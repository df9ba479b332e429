package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code System.Logger} call of Baton's modules that passes a throwable passes it through
 * {@link LogSafe#thrown}: a logger prints the message of each throwable in the chain, and a store
 * error's message may quote an instance id holding a line break.
 */
class LogCallsTest {

  private static final List<String> MODULES =
      List.of("core", "storage-memory", "storage-azure", "web");

  @Test
  void everyLoggedThrowableGoesThroughLogSafe() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> raw = new ArrayList<>();
    int withThrowable = 0;
    for (String module : MODULES) {
      Path sources = root.resolve(module).resolve("src/main/java");
      assertTrue(Files.isDirectory(sources), "no sources at " + sources);
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String text = Files.readString(file);
          for (List<String> args : logCalls(text)) {
            if (args.size() >= 3) {
              withThrowable++;
              if (!args.getLast().strip().startsWith("LogSafe.thrown(")) {
                raw.add(root.relativize(file) + ": " + args.getLast().strip());
              }
            }
          }
        }
      }
    }
    assertEquals(List.of(), raw, "throwables logged without LogSafe.thrown");
    assertTrue(withThrowable >= 10, "found " + withThrowable + " log calls with a throwable");
  }

  @Test
  void theScanSplitsACallAtItsOwnCommasOnly() {
    var calls =
        logCalls(
            "LOG.log(Level.WARNING, \"a (b, c)\" + f(x, y), LogSafe.thrown(e));"
                + " LOG.log(Level.INFO, \"no throwable\");");
    assertEquals(2, calls.size());
    assertEquals(3, calls.get(0).size(), calls.get(0).toString());
    assertEquals(" LogSafe.thrown(e)", calls.get(0).get(2));
    assertEquals(2, calls.get(1).size());
  }

  /** The top-level arguments of each {@code LOG.log(...)} call in {@code text}. */
  private static List<List<String>> logCalls(String text) {
    List<List<String>> calls = new ArrayList<>();
    int at = 0;
    while ((at = text.indexOf("LOG.log(", at)) >= 0) {
      int i = at + "LOG.log(".length();
      int depth = 0;
      boolean quoted = false;
      var current = new StringBuilder();
      List<String> args = new ArrayList<>();
      for (; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          current.append(c);
          if (c == '\\') {
            current.append(text.charAt(++i));
          } else if (c == '"') {
            quoted = false;
          }
          continue;
        }
        if (c == '"') {
          quoted = true;
        } else if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (c == ',' && depth == 0) {
          args.add(current.toString());
          current.setLength(0);
          continue;
        }
        current.append(c);
      }
      args.add(current.toString());
      calls.add(args);
      at = i;
    }
    return calls;
  }
}
