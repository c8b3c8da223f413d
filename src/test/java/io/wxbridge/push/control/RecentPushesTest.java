package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.push.entity.PushKey;
import io.wxbridge.push.entity.PushReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** WeChat's retries of one push get one delivery to Udesk and one answer. */
class RecentPushesTest {
  private static final PushKey KEY = new PushKey(new AppId("wxpushaes000001"), "msg:1");
  private final RecentPushes recent = new RecentPushes();
  private final AtomicInteger deliveries = new AtomicInteger();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  RecentPushesTest() {
    recent.windowMillis = 30_000;
    recent.clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
  }

  @Test
  void largeAnswersAreRememberedWithinAByteBudgetOldestFirst() throws Exception {
    recent.maxBytes = 20_000;
    byte[] large = new byte[2_000];
    for (int i = 0; i < 20; i++) {
      recent.answerOnce(key(i), counted(() -> CompletableFuture.completedFuture(passive(large))));
    }
    assertEquals(20, deliveries.get());
    assertTrue(
        recent.bytes() <= 20_000 + RecentPushes.ENTRY_BYTES + large.length,
        "within the budget but for the push that came last: " + recent.bytes());
    assertTrue(recent.size() < 20, "the oldest went: " + recent.size());

    recent.answerOnce(key(19), counted(() -> CompletableFuture.completedFuture(passive(large))));
    assertEquals(20, deliveries.get(), "the newest is still remembered");
    recent.answerOnce(key(0), counted(() -> CompletableFuture.completedFuture(passive(large))));
    assertEquals(21, deliveries.get(), "the oldest was forgotten, so its retry is delivered");
  }

  @Test
  void forgottenPushesNoLongerWeigh() {
    byte[] answer = new byte[1_000];
    for (int i = 0; i < 10; i++) {
      recent.answerOnce(key(i), counted(() -> CompletableFuture.completedFuture(passive(answer))));
    }
    assertEquals(10 * (RecentPushes.ENTRY_BYTES + answer.length), recent.bytes());
    CompletableFuture<PushReply> inFlight = new CompletableFuture<>();
    now = now.plusSeconds(31);
    recent.answerOnce(key(10), counted(() -> inFlight));
    assertEquals(RecentPushes.ENTRY_BYTES, recent.bytes(), "the expired ones went, uncounted");
    inFlight.complete(passive(answer));
    assertEquals(RecentPushes.ENTRY_BYTES + answer.length, recent.bytes());
  }

  private static PushKey key(int i) {
    return new PushKey(new AppId("wxpushaes000001"), "msg:" + i);
  }

  private static PushReply passive(byte[] xml) {
    return PushReply.passive(xml.clone());
  }

  @Test
  void aRetryWhileTheFirstIsInFlightWaitsForTheSameAnswer() throws Exception {
    CompletableFuture<PushReply> udesk = new CompletableFuture<>();
    CompletionStage<PushReply> first = recent.answerOnce(KEY, counted(() -> udesk));
    CompletionStage<PushReply> retry = recent.answerOnce(KEY, counted(() -> udesk));

    assertFalse(retry.toCompletableFuture().isDone(), "the retry waits for the first delivery");
    PushReply reply = PushReply.passive(utf8("<xml/>"));
    udesk.complete(reply);
    assertSame(reply, first.toCompletableFuture().get());
    assertFalse(reply.retry(), "the first attempt is no retry");
    PushReply retried = retry.toCompletableFuture().get();
    assertSame(reply.xml(), retried.xml(), "the retry gets the first attempt's answer");
    assertTrue(retried.retry(), "and is marked as a retry (for its log line and metrics)");
    assertEquals(1, deliveries.get());
  }

  @Test
  void aRetryAfterTheAnswerGetsItAtOnce() throws Exception {
    PushReply reply = PushReply.nothing();
    recent.answerOnce(KEY, counted(() -> CompletableFuture.completedFuture(reply)));
    now = now.plusSeconds(15);
    assertEquals(
        reply.retried(),
        recent
            .answerOnce(KEY, counted(() -> CompletableFuture.completedFuture(null)))
            .toCompletableFuture()
            .get());
    assertEquals(1, deliveries.get());
  }

  @Test
  void forgetsAPushAfterTheWindow() {
    recent.answerOnce(KEY, counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    now = now.plus(Duration.ofMillis(30_000));
    recent.answerOnce(KEY, counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    assertEquals(2, deliveries.get());
    now = now.plus(Duration.ofMillis(30_001));
    recent.answerOnce(
        new PushKey(KEY.appId(), "msg:2"),
        counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    assertEquals(1, recent.size(), "expired pushes are swept");
  }

  @Test
  void keepsPushesOfOtherAccountsAndMessagesApart() {
    recent.answerOnce(KEY, counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    recent.answerOnce(
        new PushKey(KEY.appId(), "msg:2"),
        counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    recent.answerOnce(
        new PushKey(new AppId("wxpushplain00001"), "msg:1"),
        counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    assertEquals(3, deliveries.get());
  }

  @Test
  void aFailedDeliveryIsNotRemembered() {
    CompletionStage<PushReply> failed =
        recent.answerOnce(
            KEY, counted(() -> CompletableFuture.failedFuture(new IllegalStateException("bug"))));
    assertThrows(ExecutionException.class, () -> failed.toCompletableFuture().get());
    recent.answerOnce(KEY, counted(() -> CompletableFuture.completedFuture(PushReply.nothing())));
    assertEquals(2, deliveries.get());
  }

  private Supplier<CompletionStage<PushReply>> counted(
      Supplier<CompletionStage<PushReply>> delivery) {
    return () -> {
      deliveries.incrementAndGet();
      return delivery.get();
    };
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
