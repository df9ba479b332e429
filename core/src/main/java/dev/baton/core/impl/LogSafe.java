package dev.baton.core.impl;

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
