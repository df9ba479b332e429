package dev.baton.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which report arguments warm the memory-backend engine first: those of its own and client figures.
 */
class WarmUpTest {

  @Test
  void theEngineIsWarmedForItsOwnFiguresAndTheClientsAlike() {
    assertTrue(WarmUp.wanted(List.of()), "the whole report");
    for (String arg :
        List.of(
            "hello_sequence5",
            "hello",
            "chain",
            "chain_10000",
            "fanout_1000",
            "entity_signals_1000",
            "start_latency_p99",
            "client",
            "client_entity_signals_1")) {
      assertTrue(WarmUp.wanted(List.of(arg)), arg);
    }
  }

  @Test
  void figuresOfOtherEnginesStartNoWarmUp() {
    for (String arg :
        List.of("cached_instance_bytes", "timers", "chaos", "recovery", "azure_hello_sequence5")) {
      assertFalse(WarmUp.wanted(List.of(arg)), arg);
    }
    assertFalse(WarmUp.wanted(List.of("chaos", "recovery", "azure")));
  }

  @Test
  void aFixedRoundCountIsAWholeNumberOfOneOrMore() {
    assertEquals(0, WarmUp.fixedRounds(null), "without the property: until the compiler is quiet");
    assertEquals(1, WarmUp.fixedRounds("1"));
    assertEquals(12, WarmUp.fixedRounds(" 12 "));
    for (String bad : List.of("0", "-3", "two", "", "1.5", "99999999999")) {
      var e = assertThrows(IllegalArgumentException.class, () -> WarmUp.fixedRounds(bad), bad);
      assertTrue(e.getMessage().contains("-Dwarmup.rounds"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
