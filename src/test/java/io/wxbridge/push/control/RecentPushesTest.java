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
