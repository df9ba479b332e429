package dev.baton.core.impl;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes caller-supplied text (instance ids, entity keys, names, messages that quote them) safe to
 * put in a log line. Ids may hold any character, control characters included, as Durable Functions
 * allows; written raw, an id holding a line break could forge log lines. {@link #text} writes each
 * character that could break or disguise a line (control characters, the Unicode line and paragraph
 * separators, the bidirectional overrides) as a backslash-u escape and doubles a backslash, so the
 * logged text reads back unambiguously and always stays on its line.
 *
 * <pre>{@code
 * LOG.log(Level.WARNING, "dropped a start of '" + LogSafe.text(instanceId) + "'");
 * LOG.log(Level.WARNING, "a send failed", LogSafe.thrown(cause));
 * }</pre>
 */
public final class LogSafe {

  private LogSafe() {}

  /**
   * {@code value}'s {@code toString()} escaped for a log line ({@code "null"} for null); the same
   * string when nothing needs escaping.
   */
  public static String text(Object value) {
    String s = String.valueOf(value);
    int i = 0;
    while (i < s.length() && !needsEscape(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    var sb = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (needsEscape(c)) {
        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]);
        sb.append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * {@code thrown} ready to pass to a log call, whose stack trace the logger prints with each
   * message of the chain: {@code thrown} itself when no message in it (causes and suppressed ones
   * included) needs escaping, else a copy of the chain whose messages are escaped as {@link #text}
   * escapes them, each named by its original class and with its original stack trace. A store
   * error's message may quote an instance id, which may hold a line break.
   */
  public static Throwable thrown(Throwable thrown) {
    if (thrown == null || clean(thrown, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      return thrown;
    }
    return copy(thrown, new IdentityHashMap<>());
  }

  private static boolean clean(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return true;
    }
    String message = t.getMessage();
    if (message != null && !text(message).equals(message)) {
      return false;
    }
    for (Throwable s : t.getSuppressed()) {
      if (!clean(s, seen)) {
        return false;
      }
    }
    return clean(t.getCause(), seen);
  }

  private static Throwable copy(Throwable t, Map<Throwable, Throwable> copies) {
    Throwable done = copies.get(t);
    if (done != null) {
      return done; // a chain that loops back is copied once
    }
    var copy = new Escaped(t);
    copies.put(t, copy);
    if (t.getCause() != null) {
      copy.initCause(copy(t.getCause(), copies));
    }
    for (Throwable s : t.getSuppressed()) {
      copy.addSuppressed(copy(s, copies));
    }
    return copy;
  }

  /** A logged copy of a throwable: its class's name, its message escaped, its stack trace. */
  private static final class Escaped extends Throwable {
    private static final long serialVersionUID = 1L;
    private final String className;

    Escaped(Throwable original) {
      super(original.getMessage() == null ? null : text(original.getMessage())); // cause: later
      this.className = original.getClass().getName();
      setStackTrace(original.getStackTrace());
    }

    @Override
    public String toString() {
      String message = getMessage();
      return message == null ? className : className + ": " + message;
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static boolean needsEscape(char c) {
    return c == '\\'
        || Character.isISOControl(c) // C0, DEL and C1 (NEL, U+0085, included)
        || c == '\u2028' // line separator
        || c == '\u2029' // paragraph separator
        || c == '\u200e' // left-to-right mark
        || c == '\u200f' // right-to-left mark
        || (c >= '\u202a' && c <= '\u202e') // bidirectional embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069'); // bidirectional isolates
  }
}
