package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule that places user code on the event loops or on the default scheduler. */
class VirtualThreadsTest {

  @Test
  void theEventLoopIsChosenOnlyOnJdk24OrLaterWithTheJvmFlag() {
    for (int feature : new int[] {21, 23, 24, 25}) {
      for (boolean hook : new boolean[] {true, false}) {
        var p = VirtualThreads.placement(true, feature, hook);
        assertEquals(feature >= 24 && hook, p.onEventLoop(), "JDK " + feature + ", flag " + hook);
        assertFalse(VirtualThreads.placement(false, feature, hook).onEventLoop());
      }
    }
  }

  @Test
  void theReasonSaysWhyTheEventLoopWasNotChosen() {
    assertTrue(VirtualThreads.placement(true, 21, true).reason().contains("JDK 21 pins"));
    assertTrue(VirtualThreads.placement(true, 23, true).reason().contains("24+"));
    assertTrue(VirtualThreads.placement(true, 25, false).reason().contains("--add-opens"));
    assertTrue(VirtualThreads.placement(false, 25, true).reason().contains("as configured"));
    assertTrue(VirtualThreads.placement(true, 25, true).reason().contains("event loops"));
  }

  @Test
  void thisJvmGetsTheEventLoop() {
    // the build runs the tests on JDK 25 with --add-opens (baton.jvm.opens in the root pom)
    assertTrue(Runtime.version().feature() >= 24, "tests run on JDK 24+");
    assertTrue(VirtualThreads.placement(true).onEventLoop());
  }
}
