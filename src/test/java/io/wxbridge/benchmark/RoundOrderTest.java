package io.wxbridge.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.benchmark.Targets.Way;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundOrderTest {
  @Test
  void everyRoundRunsEveryPathOnce() {
    for (int round = 1; round <= 8; round++) {
      assertEquals(
          Set.of(Way.values()),
          new HashSet<>(RoundOrder.of(round, Way.values())),
          "round " + round);
    }
  }

  @Test
  void overAsManyRoundsAsPathsEachPathFollowsEveryOtherOnce() {
    Way[] ways = Way.values();
    List<List<Way>> pairs = new ArrayList<>();
    for (int round = 1; round <= ways.length; round++) {
      List<Way> order = RoundOrder.of(round, ways);
      for (int i = 1; i < order.size(); i++) {
        pairs.add(List.of(order.get(i - 1), order.get(i)));
      }
    }
    assertEquals(ways.length * (ways.length - 1), new HashSet<>(pairs).size(), "" + pairs);
    assertEquals(pairs.size(), new HashSet<>(pairs).size(), "no pair twice: " + pairs);
  }

  @Test
  void theBenchmarksThreeRoundsFollowTheBridgeWithThreeDifferentPathsOrNone() {
    List<String> next = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      List<Way> order = RoundOrder.of(round, Way.values());
      int at = order.indexOf(Way.BRIDGE);
      next.add(at + 1 < order.size() ? order.get(at + 1).name() : "none");
    }
    assertEquals(3, new HashSet<>(next).size(), "" + next);
  }
}
