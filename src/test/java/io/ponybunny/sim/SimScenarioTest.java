package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimScenarioTest {

  @Test
  void plainNameHasNoFaultsAndIsItsOwnId() {
    SimScenario s = SimScenario.parse("sim-default");
    assertEquals("sim-default", s.name());
    assertEquals("sim-default", s.id());
    assertNull(s.tokens());
    assertNull(s.tps());
    assertNull(s.status());
    assertFalse(s.malformed());
    assertFalse(s.failsOn(1));
  }

  @Test
  void everyKeyIsParsed() {
    SimScenario s =
        SimScenario.parse(
            "sim-x~tokens=30~tps=200~text=Hello%20w%C3%B6rld+again~status=429~retry-after=3"
                + "~fail-times=2~id=run-7~cut-after-bytes=120~error-after-chunks=4"
                + "~stall-first-ms=50~stall-between-ms=10~malformed=true~tool=get_weather"
                + "~args=%7B%22city%22%3A%22Paris%22%7D~finish=length"
                + "~pause-after-chunks=5~pause-ms=3000");
    assertEquals("sim-x", s.name());
    assertEquals(30, s.tokens());
    assertEquals(200.0, s.tps());
    assertEquals("Hello wörld again", s.text());
    assertEquals(429, s.status());
    assertEquals(3, s.retryAfter());
    assertEquals(2, s.failTimes());
    assertEquals("run-7", s.id());
    assertEquals(120L, s.cutAfterBytes());
    assertEquals(4, s.errorAfterChunks());
    assertEquals(50L, s.stallFirstMs());
    assertEquals(10L, s.stallBetweenMs());
    assertTrue(s.malformed());
    assertEquals("get_weather", s.tool());
    assertEquals("{\"city\":\"Paris\"}", s.args());
    assertEquals("length", s.finish());
    assertEquals(5, s.pauseAfterChunks());
    assertEquals(3000L, s.pauseMs());
  }

  @Test
  void failTimesLimitsFailuresToTheFirstRequests() {
    SimScenario s = SimScenario.parse("m~status=503~fail-times=2");
    assertTrue(s.failsOn(1));
    assertTrue(s.failsOn(2));
    assertFalse(s.failsOn(3));
    assertTrue(SimScenario.parse("m~status=500").failsOn(1000));
  }

  @Test
  void toolWithoutArgsGetsEmptyObjectAndTpsZeroMeansUnpaced() {
    assertEquals("{}", SimScenario.parse("m~tool=lookup").args());
    assertEquals(0.0, SimScenario.parse("m~tps=0").tps());
  }

  @Test
  void finishAcceptsProviderSpellings() {
    assertEquals("length", SimScenario.parse("m~finish=max_tokens").finish());
    assertEquals("tool_calls", SimScenario.parse("m~finish=tool_use").finish());
    assertEquals("content_filter", SimScenario.parse("m~finish=SAFETY").finish());
    assertEquals("stop", SimScenario.parse("m~finish=end_turn").finish());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "~tokens=3",
        "m~bogus=1",
        "m~tokens",
        "m~tokens=abc",
        "m~tokens=-1",
        "m~tps=-2",
        "m~tps=fast",
        "m~status=200",
        "m~status=600",
        "m~retry-after=3",
        "m~status=429~retry-after=x",
        "m~status=500~fail-times=-1",
        "m~cut-after-bytes=-5",
        "m~error-after-chunks=x",
        "m~stall-first-ms=99999999",
        "m~stall-between-ms=-1",
        "m~pause-after-chunks=3",
        "m~pause-ms=100",
        "m~pause-after-chunks=0~pause-ms=100",
        "m~pause-after-chunks=2~pause-ms=99999999",
        "m~malformed=yes",
        "m~tool=bad%20name",
        "m~tool=f~args=not-json",
        "m~tool=f~args=%5B1%5D",
        "m~args=%7B%7D",
        "m~finish=done",
        "m~id=",
        "m~tokens=1~tokens=2",
        "m~text=%zz"
      })
  void badScenariosAreRejected(String model) {
    SimScenarioException e =
        assertThrows(SimScenarioException.class, () -> SimScenario.parse(model));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void unknownKeyMessageNamesTheKey() {
    SimScenarioException e =
        assertThrows(SimScenarioException.class, () -> SimScenario.parse("sim~colour=red"));
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
  }
}
