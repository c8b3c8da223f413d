package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InboxWorkTest {
  private final InboxWork work = new InboxWork();

  @Test
  void aStopWaitsForTheWorkInFlightAndAdmitsNoMore() throws Exception {
    assertTrue(work.admit(), "admitted while running");
    work.enter(); // its delivery attempt
    CompletableFuture<Integer> stop =
        CompletableFuture.supplyAsync(() -> work.close(Duration.ofSeconds(10)));
    await(work::closed);
    assertFalse(work.admit(), "no push admitted once the stop began");
    assertFalse(stop.isDone(), "the stop waits for the push and its attempt");
    work.done();
    work.done();
    assertEquals(0, stop.get(5, TimeUnit.SECONDS), "nothing left in flight");
  }

  @Test
  void aStopGivesUpAfterTheGraceAndSaysHowMuchIsLeft() {
    assertTrue(work.admit(), "admitted while running");
    assertEquals(1, work.close(Duration.ofMillis(50)), "one push still in flight");
  }

  /**
   * Payara Micro stops the application on a pooled thread that may be interrupted meanwhile: the
   * wait went on only until then, and the database closed under the deliveries in flight (a probe).
   */
  @Test
  void anInterruptDoesNotEndTheStopsWaitButIsKept() throws Exception {
    assertTrue(work.admit(), "admitted while running");
    CompletableFuture<Boolean> keptInterrupt = new CompletableFuture<>();
    CompletableFuture<Integer> left = new CompletableFuture<>();
    Thread stop =
        new Thread(
            () -> {
              Thread.currentThread().interrupt(); // set before, and again while it waits
              left.complete(work.close(Duration.ofSeconds(10)));
              keptInterrupt.complete(Thread.currentThread().isInterrupted());
            });
    stop.start();
    await(work::closed);
    stop.interrupt();
    Thread.sleep(100);
    assertFalse(left.isDone(), "still waiting for the push in flight");
    work.done();
    assertEquals(0, left.get(5, TimeUnit.SECONDS), "waited until the push was done");
    assertTrue(keptInterrupt.get(5, TimeUnit.SECONDS), "the interrupt is kept for the caller");
  }

  @Test
  void theStartsRehearsalOfTheWaitClosesNothing() {
    assertEquals(0, work.awaitIdle(Duration.ZERO));
    assertTrue(work.admit(), "still admitting");
    assertEquals(1, work.awaitIdle(Duration.ZERO), "no grace: returns at once");
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }
}
