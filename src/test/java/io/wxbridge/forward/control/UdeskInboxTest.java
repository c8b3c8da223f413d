package io.wxbridge.forward.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.TokenMode;
import io.wxbridge.forward.entity.ForwardAttempt;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.outbound.control.OutboundClients;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.testing.DirectEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread completes a forward: the one that got Udesk's answer, or, when the deadline passes
 * first, the completion pool (never the JDK's one timeout thread, which every push shares).
 */
class UdeskInboxTest {
  private static final Account ACCOUNT = account("wxforwardunit0001");
  private static final UdeskPush PUSH =
      new UdeskPush(ACCOUNT.appId(), "<xml/>".getBytes(StandardCharsets.UTF_8), "text 1");

  private final AtomicReference<Thread> udeskCalledOn = new AtomicReference<>();
  private final AtomicReference<Thread> completedOn = new AtomicReference<>();
  private final CountDownLatch udeskCalled = new CountDownLatch(1);
  private final AtomicInteger udeskCalls = new AtomicInteger();
  private final CountDownLatch udeskAnswers = new CountDownLatch(1);
  private final OutboundPools pools = new OutboundPools(); // threads named after their pools
  private final UdeskInbox inbox = new UdeskInbox();

  UdeskInboxTest() {
    UdeskCapacity capacity = new UdeskCapacity();
    capacity.maxConcurrentForwards = 2;
    capacity.forwardQueue = 1;
    capacity.sharedForwardThreads = 1;
    capacity.shareThreads();
    inbox.capacity = capacity;
    inbox.pools = pools;
    inbox.completionThreads = 2;
    inbox.replyTimeoutMillis = 4000;
    inbox.lateReplyTimeoutMillis = 4000;
    inbox.attempts =
        new DirectEvent<ForwardAttempt>(event -> completedOn.set(Thread.currentThread()));
    inbox.undelivered = new DirectEvent<>();
    UdeskMessageClient udesk =
        message -> {
          udeskCalls.incrementAndGet();
          udeskCalledOn.set(Thread.currentThread());
          udeskCalled.countDown();
          try {
            udeskAnswers.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
          return "<xml><MsgType>text</MsgType></xml>".getBytes(StandardCharsets.UTF_8);
        };
    inbox.clients =
        new OutboundClients() {
          @Override
          public <T> T of(
              Class<T> type, URI baseUri, OutboundTimeouts timeouts, Object... providers) {
            return type.cast(udesk);
          }
        };
    inbox.startCompletions();
  }

  @AfterEach
  void stop() {
    udeskAnswers.countDown();
    pools.created().forEach(pool -> pool.executor().shutdownNow());
  }

  @Test
  void anAnswerInTimeIsCompletedOnTheThreadThatGotIt() {
    var delivery = inbox.attempt(ACCOUNT, PUSH, 2000).toCompletableFuture();
    udeskAnswers.countDown();

    assertTrue(delivery.join().delivered(), delivery.join().summary());
    assertNotNull(completedOn.get(), "the attempt's outcome was reported");
    assertEquals(udeskCalledOn.get(), completedOn.get(), "no hand-off after Udesk's answer");
    assertTrue(
        completedOn.get().getName().startsWith("bridge-udesk-forward-"),
        completedOn.get().getName());
  }

  @Test
  void aDeadlineIsCompletedOnTheCompletionPool() throws InterruptedException {
    var attempt = inbox.attempt(ACCOUNT, PUSH, 1000).toCompletableFuture();
    assertTrue(udeskCalled.await(5, TimeUnit.SECONDS), "the forward reached Udesk");
    UdeskDelivery delivery = attempt.join();

    assertEquals(UdeskDelivery.Status.TIMED_OUT, delivery.status(), delivery.summary());
    assertNotNull(completedOn.get(), "the attempt's outcome was reported");
    assertTrue(
        completedOn.get().getName().startsWith("bridge-push-completion-"),
        "completed on " + completedOn.get().getName());
  }

  @Test
  void forwardsTheFullPoolRefusesDoNotCountAsUdeskRefusing() {
    List<CompletableFuture<UdeskDelivery>> attempts = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // two calling Udesk, one queued, three refused by the pool
      attempts.add(inbox.attempt(ACCOUNT, PUSH, 2000).toCompletableFuture());
    }
    List<UdeskDelivery> refused =
        attempts.subList(3, 6).stream().map(CompletableFuture::join).toList();

    refused.forEach(
        delivery ->
            assertEquals(UdeskDelivery.Status.UNREACHABLE, delivery.status(), delivery.summary()));
    assertFalse(inbox.capacity.refusing(ACCOUNT.appId()), "Udesk itself refused nothing");
    udeskAnswers.countDown();
    attempts.subList(0, 3).forEach(a -> assertTrue(a.join().delivered(), a.join().summary()));
  }

  /** Sent with moments to spare, it would count as not taken while Udesk may still take it. */
  @Test
  void aForwardThatWaitedUntilLittleOfItsDeadlineWasLeftIsNotSent() throws InterruptedException {
    List<CompletableFuture<UdeskDelivery>> attempts = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // two calling Udesk, one queued behind them
      attempts.add(inbox.attempt(ACCOUNT, PUSH, 2000).toCompletableFuture());
    }
    Thread.sleep(1_300); // the queued one has 0.7 s left, less than half its 2 s
    udeskAnswers.countDown();

    UdeskDelivery queued = attempts.get(2).join();
    assertEquals(UdeskDelivery.Status.UNREACHABLE, queued.status(), queued.summary());
    assertEquals(2, udeskCalls.get(), "the queued forward never reached Udesk");
    attempts.subList(0, 2).forEach(a -> assertTrue(a.join().delivered(), a.join().summary()));
  }

  /**
   * Accounts whose Udesk hangs hold one thread each plus the threads they share (1 here), not 2
   * each: a push finds its account's own thread, or waits in its queue for one it has.
   */
  @Test
  void theAccountsPoolsTogetherHoldOneThreadEachPlusTheThreadsTheyShare()
      throws InterruptedException {
    Account second = account("wxforwardunit0002");
    Account third = account("wxforwardunit0003");
    assertEquals(2, inbox.capacity.idleForwards(third.appId()));
    List<CompletableFuture<UdeskDelivery>> hanging = new ArrayList<>();
    for (Account account : List.of(ACCOUNT, ACCOUNT, second, third)) {
      hanging.add(inbox.attempt(account, PUSH, 4000).toCompletableFuture());
    }
    awaitUdeskCalls(4);
    var queued = inbox.attempt(second, PUSH, 4000).toCompletableFuture();

    assertEquals(0, inbox.capacity.idleForwards(third.appId()), "its own thread calls Udesk");
    assertEquals(1, inbox.capacity.idleForwards(account("wxforwardunit0004").appId()));
    Thread.sleep(200);
    assertEquals(4, udeskCalls.get(), "no thread beyond the budget called Udesk");
    assertFalse(queued.isDone(), "waits for the second account's thread");
    udeskAnswers.countDown();
    hanging.forEach(a -> assertTrue(a.join().delivered(), a.join().summary()));
    assertTrue(queued.join().delivered(), queued.join().summary());
    assertEquals(5, udeskCalls.get());
  }

  private void awaitUdeskCalls(int calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (udeskCalls.get() < calls) {
      assertTrue(System.nanoTime() < deadline, udeskCalls.get() + " calls reached Udesk");
      Thread.sleep(1);
    }
  }

  private static Account account(String appId) {
    return new Account(
        new AppId(appId),
        "t",
        List.of(),
        false,
        URI.create("http://udesk.example/weixin/x"),
        Optional.empty(),
        TokenMode.STABLE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        appId);
  }
}
