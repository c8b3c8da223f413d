package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.relay.entity.AccountName;
import io.wxbridge.relay.entity.UdeskCall;
import io.wxbridge.relay.entity.UdeskOperation;
import io.wxbridge.requests.entity.RequestId;
import io.wxbridge.testing.DirectEvent;
import io.wxbridge.testing.TestAccounts;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop waits for the relayed calls in flight, up to its deadline (RelayShutdown). */
class RelayedCallsTest {
  private static final Account ACCOUNT = TestAccounts.plain("wxrelayunit000001");
  private final RelayedCalls calls = new RelayedCalls();

  RelayedCallsTest() {
    calls.capacity = new RelayCapacity();
    calls.relayed = new DirectEvent<>();
  }

  @Test
  void aStopWaitsForACallInFlightUntilItEnds() throws Exception {
    CountDownLatch wechatAnswers = new CountDownLatch(1);
    CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> relay(wechatAnswers));
    await(() -> calls.awaitNoneInFlight(System.nanoTime()) == 1);
    CompletableFuture<Integer> stop =
        CompletableFuture.supplyAsync(() -> calls.awaitNoneInFlight(deadlineIn(10_000)));
    Thread.sleep(100);
    assertFalse(stop.isDone(), "the stop waits while WeChat has the call");
    wechatAnswers.countDown();
    assertEquals(0, call.get(5, TimeUnit.SECONDS));
    assertEquals(0, stop.get(5, TimeUnit.SECONDS), "nothing left in flight");
  }

  @Test
  void aStopGivesUpAtItsDeadlineAndSaysHowManyAreLeft() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture.runAsync(() -> relay(never));
    await(() -> calls.awaitNoneInFlight(System.nanoTime()) == 1);
    assertEquals(1, calls.awaitNoneInFlight(deadlineIn(50)), "one call still in flight");
    never.countDown();
  }

  private int relay(CountDownLatch wechatAnswers) {
    return calls.relay(
        ACCOUNT,
        new UdeskCall(AccountName.path("wxrelayunit000001"), UdeskOperation.SEND_MESSAGE, Map.of()),
        RequestId.generate(),
        OptionalInt::of,
        () -> {
          try {
            wechatAnswers.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 0;
        });
  }

  private static long deadlineIn(long millis) {
    return System.nanoTime() + Duration.ofMillis(millis).toNanos();
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }
}
