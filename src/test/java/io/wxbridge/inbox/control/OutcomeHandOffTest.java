package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Where an attempt's outcome is recorded when the recorders cannot take it (InboxDeliveries). */
class OutcomeHandOffTest {
  private static final Executor FULL =
      task -> {
        throw new RejectedExecutionException("queue full");
      };

  private final InboxWork work = new InboxWork();
  private final List<String> recordedOn = new ArrayList<>();
  private final Runnable record = () -> recordedOn.add(Thread.currentThread().getName());

  @Test
  void anOutcomeTheFullRecordersRefuseGoesToTheRetryThreads() {
    // dropped before: a delivered push stayed SENDING and went to Udesk again after its lease
    List<Runnable> overflow = new ArrayList<>();
    assertTrue(InboxDeliveries.handOff(FULL, overflow::add, record, work));
    assertEquals(List.of(record), overflow);
    assertEquals(List.of(), recordedOn, "never on the caller's thread, which may answer WeChat");
  }

  @Test
  void whenBothAreFullItIsLeftToTheLease() {
    assertFalse(InboxDeliveries.handOff(FULL, FULL, record, work));
    assertEquals(List.of(), recordedOn);
  }

  @Test
  void aStoppingBridgeRecordsNothingMore() {
    work.close(Duration.ZERO);
    List<Runnable> overflow = new ArrayList<>();
    assertFalse(
        InboxDeliveries.handOff(FULL, overflow::add, record, work),
        "left to the lease after restart");
    assertEquals(List.of(), overflow);
  }

  @Test
  void otherwiseTheRecordersRecordIt() {
    List<Runnable> queued = new ArrayList<>();
    List<Runnable> overflow = new ArrayList<>();
    assertTrue(InboxDeliveries.handOff(queued::add, overflow::add, record, work));
    assertEquals(List.of(record), queued);
    assertEquals(List.of(), overflow);
  }
}
