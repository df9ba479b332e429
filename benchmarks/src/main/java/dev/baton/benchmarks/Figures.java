package dev.baton.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The names of the figures one report prints ({@link Report}, {@link CpuReport}), and how the
 * report's command-line arguments select among them. An argument must begin one of the names, or
 * the report refuses it, naming them all, before anything is started ({@link #check}); a whole name
 * selects that figure alone, a shorter beginning (a group such as {@code client}) every figure it
 * begins, and no argument selects them all ({@link #selects}).
 *
 * <pre>{@code
 * Figures figures = new Figures(List.of("chain_1000", "chain_10000"));
 * figures.check(only); // "chian" is refused
 * if (figures.selects(only, "chain_1000")) { ... } // "chain_1000" alone, or "chain", or nothing
 * }</pre>
 */
record Figures(List<String> names) {

  Figures {
    names = List.copyOf(names);
  }

  /** Refuses an argument that begins no figure's name, with the names it could have given. */
  void check(List<String> only) {
    for (String arg : only) {
      if (names.stream().noneMatch(f -> f.startsWith(arg))) {
        throw new IllegalArgumentException(
            "no figure's name begins with '"
                + arg
                + "'; give figure names or their beginnings, among: "
                + String.join(" ", names));
      }
    }
  }

  /**
   * Whether the arguments {@code only} select the figure {@code name}: all do when there are none;
   * an argument that is a figure's whole name selects that figure alone (so {@code chain_1000} does
   * not select {@code chain_10000}); any other argument selects every figure whose name it begins.
   */
  boolean selects(List<String> only, String name) {
    return only.isEmpty()
        || only.stream()
            .anyMatch(a -> a.equals(name) || (!names.contains(a) && name.startsWith(a)));
  }

  /** Whether the arguments select any of {@code wanted}: then what prints them is run. */
  boolean selectsAny(List<String> only, String... wanted) {
    return Arrays.stream(wanted).anyMatch(n -> selects(only, n));
  }

  /** {@code name}, once checked to be one of {@link #names} (so the list cannot fall behind). */
  String known(String name) {
    if (!names.contains(name)) {
      throw new IllegalStateException("the figure " + name + " is missing from " + names);
    }
    return name;
  }
}
