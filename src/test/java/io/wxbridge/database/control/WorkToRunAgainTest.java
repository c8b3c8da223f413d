package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a failed commit lost is kept for the writer's next transaction, for a while. */
class WorkToRunAgainTest {
  private final WorkToRunAgain runAgain = new WorkToRunAgain();

  @Test
  void onlyWorkRunBeforeItsCommitIsKeptOnceInTheOrderItRan() {
    QueuedUnit<Integer> first = new QueuedUnit<>(null, connection -> 1, true, 30_000);
    QueuedUnit<Integer> waited = new QueuedUnit<>(null, connection -> 2, false, 0);
    QueuedUnit<Integer> second = new QueuedUnit<>(null, connection -> 3, true, 30_000);
    runAgain.keep(List.of(second, waited));
    runAgain.keep(List.of(first, second));
    assertEquals(List.of(first, second), runAgain.units(), "a waiting caller got the failure");
    assertFalse(runAgain.due(), "not at once: a second later, or with the next work");
    runAgain.ran(first);
    runAgain.ran(second);
    assertTrue(runAgain.isEmpty());
  }

  /** Also while the database stays unreachable: each failed try keeps nothing new. */
  @Test
  void workIsGivenUpAfterItsWindowOrAfterFailingItselfTooOften() throws Exception {
    // a window long enough for a busy CI machine to reach the first keep within it (50 ms was not)
    QueuedUnit<Integer> shortWindow = new QueuedUnit<>(null, connection -> 1, true, 1_000);
    QueuedUnit<Integer> failing = new QueuedUnit<>(null, connection -> 2, true, 30_000);
    runAgain.keep(List.of(shortWindow, failing));
    assertEquals(2, runAgain.units().size());
    Thread.sleep(1_100);
    failing.reruns = WorkToRunAgain.MAX_RERUNS - 1;
    runAgain.keep(List.of());
    assertEquals(List.of(failing), runAgain.units(), "the window of the first is over");
    failing.reruns++;
    runAgain.keep(List.of());
    assertTrue(runAgain.isEmpty(), "failed itself too often");
  }

  /**
   * Run again before each batch, it is counted once a second: a database restart under load broke
   * every pooled connection's run within one second, which gave it up long before its window.
   */
  @Test
  void runsAgainWithinASecondCountOnce() {
    QueuedUnit<Integer> unit = new QueuedUnit<>(null, connection -> 1, true, 30_000);
    long start = System.nanoTime();
    long second = TimeUnit.MILLISECONDS.toNanos(WorkToRunAgain.RETRY_MILLIS);
    for (int run = 0; run < 100; run++) {
      unit.countRerun(start + run * second / 100);
    }
    assertEquals(1, unit.reruns, "a hundred runs within a second");
    unit.countRerun(start + second);
    unit.countRerun(start + second + 1);
    assertEquals(2, unit.reruns, "and one a second later");
  }
}
