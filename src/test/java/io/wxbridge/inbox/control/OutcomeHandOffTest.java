package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private final List<String> recordedOn = new ArrayList<>();
  private final Runnable record = () -> recordedOn.add(Thread.currentThread().getName());

  @Test
  void anOutcomeTheFullRecordersRefuseIsNeverRecordedOnTheCallersThread() {
    // the caller may be a request thread or the completion pool, which answer WeChat
    assertFalse(InboxDeliveries.handOff(FULL, record), "left to the lease");
    assertEquals(List.of(), recordedOn);
  }

  @Test
  void otherwiseTheRecordersRecordIt() {
    List<Runnable> queued = new ArrayList<>();
    assertTrue(InboxDeliveries.handOff(queued::add, record));
    assertEquals(List.of(record), queued);
    assertEquals(List.of(), recordedOn);
  }
}
