package dev.baton.core.impl;

/**
 * The JSON of the commonest activity inputs and results, written and read without Jackson: strings
 * of printable ASCII with nothing to escape, ints, longs and booleans. Each method answers only
 * where its result is exactly what Jackson's default mapper gives, and {@code null} elsewhere (the
 * caller then asks Jackson), so the history text does not depend on which path wrote it.
 */
final class ScalarJson {

  private ScalarJson() {}

  /** The JSON of {@code value}, or {@code null} when Jackson must write it. */
  static String write(Object value) {
    return switch (value) {
      case String s -> plain(s, 0, s.length()) ? '"' + s + '"' : null;
      case Integer i -> i.toString();
      case Long l -> l.toString();
      case Boolean b -> b.toString();
      default -> null;
    };
  }

  /** {@code json} read as {@code type}, or {@code null} when Jackson must read it. */
  static Object read(String json, Class<?> type) {
    if (type == String.class) {
      int n = json.length();
      return n >= 2 && json.charAt(0) == '"' && json.charAt(n - 1) == '"' && plain(json, 1, n - 1)
          ? json.substring(1, n - 1)
          : null;
    }
    if (type == Integer.class || type == int.class) {
      return digits(json, 9) ? Integer.valueOf(Integer.parseInt(json)) : null;
    }
    if (type == Long.class || type == long.class) {
      return digits(json, 18) ? Long.valueOf(Long.parseLong(json)) : null;
    }
    if (type == Boolean.class || type == boolean.class) {
      return json.equals("true") ? Boolean.TRUE : json.equals("false") ? Boolean.FALSE : null;
    }
    return null;
  }

  /** Printable ASCII without a quote or a backslash: the same inside JSON quotes. */
  private static boolean plain(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
        return false;
      }
    }
    return true;
  }

  /**
   * An optional minus and 1 to {@code max} digits without a leading zero (or a lone {@code 0}):
   * fits the type, and reads the same as with Jackson, which refuses leading zeros.
   */
  private static boolean digits(String s, int max) {
    int start = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
    int n = s.length() - start;
    if (n < 1 || n > max) {
      return false;
    }
    if (s.charAt(start) == '0') {
      return n == 1 && start == 0;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
