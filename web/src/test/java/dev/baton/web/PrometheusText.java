package dev.baton.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Prometheus' text format for tests: the samples of a scrape, and sums over the samples of a
 * name whose labels contain every given {@code label="value"} pair.
 */
public final class PrometheusText {

  /** One sample: its metric name, its label text (between the braces) and its value. */
  public record Sample(String name, String labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();

  public PrometheusText(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String key = line.substring(0, space);
      double value = Double.parseDouble(line.substring(space + 1));
      int brace = key.indexOf('{');
      String name = brace < 0 ? key : key.substring(0, brace);
      String labels = brace < 0 ? "" : key.substring(brace + 1, key.length() - 1);
      samples.add(new Sample(name, labels, value));
    }
  }

  /** The samples named {@code name} with every one of {@code labels} ({@code key="value"}). */
  public List<Sample> find(String name, String... labels) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (!s.name().equals(name)) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= ("," + s.labels() + ",").contains("," + l + ",");
      }
      if (all) {
        out.add(s);
      }
    }
    return out;
  }

  /** The sum of the values of {@link #find}. */
  public double sum(String name, String... labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }
}
