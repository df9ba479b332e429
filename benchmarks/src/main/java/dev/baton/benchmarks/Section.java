package dev.baton.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * One measurement of the benchmark {@link Report} and the names of the figures it prints, in the
 * order the report runs them. The report runs a section when an argument selects one of its figures
 * ({@link Figures#selects}), so each figure's own name runs what prints it, and {@link
 * Report#FIGURES} is the list of these names.
 *
 * <pre>{@code
 * if (Report.wanted(only, Section.START_LATENCY)) { ... print start_latency_p50 and _p99 ... }
 * }</pre>
 */
enum Section {
  HELLO_SEQUENCE5("hello_sequence5"),
  CHAIN_1000("chain_1000"),
  CHAIN_10000("chain_10000"),
  FANOUT_1000("fanout_1000"),
  ENTITY_SIGNALS_1("entity_signals_1"),
  ENTITY_SIGNALS_1000("entity_signals_1000"),
  START_LATENCY("start_latency_p50", "start_latency_p99"),
  LOOP_HELLO_SEQUENCE5("loop_hello_sequence5"),
  LOOP_CHAIN_1000("loop_chain_1000"),
  CLIENT_HELLO_SEQUENCE5("client_hello_sequence5"),
  CLIENT_CHAIN_1000("client_chain_1000"),
  CLIENT_START_LATENCY("client_start_latency_p50", "client_start_latency_p99"),
  CLIENT_ENTITY_SIGNALS_1("client_entity_signals_1"),
  CACHED_INSTANCE("cached_instance_bytes"),
  TIMERS("timers_100000_heap_mb", "timers_heap_bytes_per_instance"),
  CHAOS("chaos_instances", "chaos_lost", "chaos_duplicate_results"),
  RECOVERY("recovery_after_restart_s"),
  AZURE_HELLO_SEQUENCE5("azure_hello_sequence5"),
  AZURE_STORAGE_OPS("azure_storage_ops_per_orchestration"),
  AZURE_START_LATENCY("azure_start_latency_p50"),
  AZURE_TAKEOVER("azure_takeover_s"),
  AZURE_IDLE("azure_idle_requests_per_minute"),
  AZURE_SCALEOUT_1("azure_scaleout_1"),
  AZURE_SCALEOUT_2("azure_scaleout_2"),
  AZURE_SCALEOUT_4("azure_scaleout_4");

  private final List<String> figures;

  Section(String... figures) {
    this.figures = List.of(figures);
  }

  /** The names of the figures this section prints. */
  List<String> figures() {
    return figures;
  }

  /**
   * The sections whose figures' names begin with {@code prefix} (a group, such as the client's).
   */
  static Section[] startingWith(String prefix) {
    return Arrays.stream(values())
        .filter(s -> s.figures.stream().allMatch(f -> f.startsWith(prefix)))
        .toArray(Section[]::new);
  }
}
