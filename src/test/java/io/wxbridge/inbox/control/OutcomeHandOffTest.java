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
  void anOutcomeTheFullRecordersRefuseIsRecordedOnTheThreadThatBroughtIt() {
    // dropped before: a delivered push stayed SENDING and went to Udesk again after its lease
    assertTrue(InboxDeliveries.handOff(FULL, record, work));
    assertEquals(List.of(Thread.currentThread().getName()), recordedOn);
  }

  @Test
  void aStoppingBridgeRecordsNothingMore() {
    work.close(Duration.ZERO);
    assertFalse(InboxDeliveries.handOff(FULL, record, work), "left to the lease after restart");
    assertEquals(List.of(), recordedOn);
  }

  @Test
  void otherwiseTheRecordersRecordIt() {
    List<Runnable> queued = new ArrayList<>();
    assertTrue(InboxDeliveries.handOff(queued::add, record, work));
    assertEquals(List.of(record), queued);
    assertEquals(List.of(), recordedOn, "not on the caller's thread");
  }
}
