package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed commit lost is kept for the writer's next transaction, for a while. */
class WorkToRunAgainTest {
  private final WorkToRunAgain runAgain = new WorkToRunAgain();

  @Test
  void onlyWorkRunBeforeItsCommitIsKeptAndEachUnitOnce() {
    QueuedUnit<Integer> early = new QueuedUnit<>(null, connection -> 1, true);
    QueuedUnit<Integer> waited = new QueuedUnit<>(null, connection -> 2, false);
    runAgain.keep(List.of(early, waited));
    runAgain.keep(List.of(early));
    assertEquals(List.of(early), runAgain.units(), "a waiting caller got the failure itself");
    assertFalse(runAgain.due(), "not at once: a second later, or with the next work");
    runAgain.ran(early);
    assertTrue(runAgain.isEmpty());
  }

  /** Also while the database stays unreachable: each failed try keeps nothing new. */
  @Test
  void workQueuedLongerAgoThanTheWindowIsGivenUp() throws Exception {
    runAgain.windowMillis = 50;
    runAgain.keep(List.of(new QueuedUnit<>(null, connection -> 1, true)));
    assertEquals(1, runAgain.units().size());
    Thread.sleep(100);
    runAgain.keep(List.of());
    assertTrue(runAgain.isEmpty(), "given up after the window");
  }
}
