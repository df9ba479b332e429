package dev.baton.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryJson;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The conformance data and the JSON codec keep up with the history events: every record type is in
 * {@link ConformanceData#everyEventType} (so every backend round-trips it) and in the codec.
 */
class EveryEventTypeTest {

  @Test
  void everyHistoryEventTypeIsInTheConformanceDataAndRoundTripsAsJson() {
    Set<Class<?>> types = Set.of(HistoryEvent.class.getPermittedSubclasses());
    for (List<HistoryEvent> data :
        List.of(
            ConformanceData.everyEventType("\"large\"", "\"huge\""),
            ConformanceData.everyEventTypeWithNulls())) {
      Set<Class<?>> covered = data.stream().map(Object::getClass).collect(Collectors.toSet());
      assertEquals(
          types.stream().map(Class::getSimpleName).sorted().toList(),
          covered.stream().map(Class::getSimpleName).sorted().toList(),
          "add new event types to ConformanceData and to HistoryJson's subtypes");
      assertEquals(data, HistoryJson.decodeList(HistoryJson.encodeList(data)));
    }
  }
}
