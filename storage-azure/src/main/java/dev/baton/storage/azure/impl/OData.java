package dev.baton.storage.azure.impl;

/**
 * OData filter text for Azure Table queries. Every value enters a filter through {@link #quote},
 * which doubles single quotes, so no value can end its literal and add conditions.
 */
final class OData {

  private OData() {}

  /** {@code value} as an OData string literal: {@code a'b} becomes {@code 'a''b'}. */
  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** {@code property op 'value'}, with {@code op} one of eq, ne, gt, ge, lt, le. */
  static String compare(String property, String op, String value) {
    return switch (op) {
      case "eq", "ne", "gt", "ge", "lt", "le" -> property + " " + op + " " + quote(value);
      default -> throw new IllegalArgumentException("not an OData comparison: " + op);
    };
  }

  /**
   * The least string greater than every string that starts with {@code prefix}, or {@code null}
   * when there is none (a prefix of only U+FFFF characters).
   */
  static String prefixUpperBound(String prefix) {
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == Character.MAX_VALUE) {
      end--;
    }
    if (end == 0) {
      return null;
    }
    return prefix.substring(0, end - 1) + (char) (prefix.charAt(end - 1) + 1);
  }
}
