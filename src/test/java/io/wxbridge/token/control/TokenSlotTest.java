package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.testing.TestAccounts;
import io.wxbridge.token.entity.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One account's token: held, fetched once for all, dropped only if current, failures waited out.
 */
class TokenSlotTest {
  private static final Duration FAILURE_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_WAIT = Duration.ofSeconds(2);
  private static final Account ACCOUNT = TestAccounts.plain("wxtokenunit000001");
  private static final Duration MARGIN = Duration.ofSeconds(300);

  private final AtomicInteger fetches = new AtomicInteger();

  /** A slot whose fetches run on the caller's thread, so each test sees their effect at once. */
  private static TokenSlot slot(Duration refusalBackoff) {
    return new TokenSlot(
        ACCOUNT, new TokenSlot.Policy(refusalBackoff, FAILURE_BACKOFF, MAX_WAIT, Runnable::run));
  }

  /** A caller whose fetch meets {@code failure}, and gets it. */
  private static void failWith(TokenSlot slot, TokenException failure) {
    assertSame(
        failure,
        assertThrows(
            TokenException.class,
            () ->
                slot.usable(
                    Instant.now(),
                    () -> {
                      throw failure;
                    })));
  }

  /** A slot whose fetches go to {@code fetches}, a pool that may fail to take them. */
  private static TokenSlot fetchingOn(Executor fetches) {
    return new TokenSlot(
        ACCOUNT, new TokenSlot.Policy(Duration.ofSeconds(60), FAILURE_BACKOFF, MAX_WAIT, fetches));
  }

  private Supplier<AccessToken> issuing(long expiresIn, long millisToFetch) {
    return () -> {
      int n = fetches.incrementAndGet();
      pause(millisToFetch);
      return AccessToken.issued("token-" + n, expiresIn, Instant.now());
    };
  }

  @Test
  void fetchesOnceThenServesTheHeldToken() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken first = slot.usable(Instant.now(), issuing(7200, 0));
    AccessToken again = slot.usable(Instant.now(), issuing(7200, 0));
    assertSame(first, again);
    assertEquals(1, fetches.get());
  }

  @Test
  void anExpiredTokenIsNeverServed() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken first = slot.usable(Instant.now(), issuing(10, 0));
    AccessToken later = slot.usable(first.expiresAt(), issuing(7200, 0));
    assertEquals("token-2", later.value());
  }

  @Test
  void fiftyConcurrentRejectionsOfOneTokenCauseOneFetch() throws Exception {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken rejected = slot.usable(Instant.now(), issuing(7200, 0));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<AccessToken>> next = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        next.add(
            pool.submit(
                () -> {
                  start.await();
                  slot.drop(rejected);
                  return slot.usable(Instant.now(), issuing(7200, 100));
                }));
      }
      start.countDown();
      Set<String> got = ConcurrentHashMap.newKeySet();
      for (Future<AccessToken> token : next) {
        got.add(token.get().value());
      }
      assertEquals(Set.of("token-2"), got);
      assertEquals(2, fetches.get(), "the first token and exactly one successor");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStaleRejectionDoesNotDropTheNewToken() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken old = slot.usable(Instant.now(), issuing(7200, 0));
    slot.drop(old);
    AccessToken fresh = slot.usable(Instant.now(), issuing(7200, 0));
    slot.drop(old);
    assertSame(fresh, slot.usable(Instant.now(), issuing(7200, 0)));
    assertEquals(2, fetches.get());
  }

  /** A refresh of a stable token brings the same value back as another object. */
  @Test
  void aRejectionDropsTheHeldTokenOfTheSameValueThoughAnotherObject() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken first =
        slot.usable(Instant.now(), () -> AccessToken.issued("same", 7200, Instant.now()));
    slot.drop(AccessToken.issued("same", 7200, first.obtainedAt()));
    assertEquals("token-1", slot.usable(Instant.now(), issuing(7200, 0)).value());
  }

  /** WeChat rejected the token after the fetch had checked it and before it was held. */
  @Test
  void aTokenRejectedWhileBeingInstalledIsNotKept() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken installed =
        slot.usable(
            Instant.now(),
            () -> {
              AccessToken fetched = AccessToken.issued("rejected", 7200, Instant.now());
              slot.drop(fetched);
              return fetched;
            });
    assertEquals("rejected", installed.value(), "the callers that waited get what was fetched");
    assertEquals(
        "token-1",
        slot.usable(Instant.now(), issuing(7200, 0)).value(),
        "the next caller fetches anew instead of using the rejected token");
  }

  /** A slow call's rejection of an older token does not replace the newer one's. */
  @Test
  void aRejectionOfAnOlderTokenKeepsTheNewerRejection() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    Instant now = Instant.now();
    slot.drop(AccessToken.issued("newer", 7200, now));
    slot.drop(AccessToken.issued("older", 7200, now.minusSeconds(7000)));
    assertEquals("newer", slot.rejection().orElseThrow().token());
  }

  @Test
  void aRefusalIsPassedOnWithoutAskingAgainUntilTheBackOffHasPassed() {
    TokenSlot slot = slot(Duration.ofMillis(300));
    Supplier<AccessToken> refusing =
        () -> {
          fetches.incrementAndGet();
          throw TokenException.refused(
              40164, "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist");
        };
    for (int i = 0; i < 5; i++) {
      TokenException refused =
          assertThrows(TokenException.class, () -> slot.usable(Instant.now(), refusing));
      assertEquals(40164, refused.errcode());
    }
    assertEquals(1, fetches.get(), "one request to WeChat for five callers");
    assertEquals(Optional.of(40164), slot.state(Instant.now()).failedWith());
    assertTrue(slot.state(Instant.now()).refused());

    pause(350);
    assertEquals("token-2", slot.usable(Instant.now(), issuing(7200, 0)).value());
    assertEquals(Optional.empty(), slot.state(Instant.now()).failedWith());
  }

  @Test
  void refusalsInARowDoubleTheBackOff() {
    TokenSlot slot = slot(Duration.ofMillis(500));
    Supplier<AccessToken> refusing =
        () -> {
          fetches.incrementAndGet();
          throw TokenException.refused(45009, "reach max api daily quota limit");
        };
    assertThrows(TokenException.class, () -> slot.usable(Instant.now(), refusing));
    pause(600);
    assertThrows(TokenException.class, () -> slot.usable(Instant.now(), refusing));
    assertEquals(2, fetches.get(), "asked again once the first back-off (500 ms) had passed");
    assertTrue(
        slot.state(Instant.now()).nextAttemptIn().orElseThrow().compareTo(Duration.ofMillis(600))
            > 0,
        "the second refusal doubled the back-off to 1000 ms");
    assertThrows(TokenException.class, () -> slot.usable(Instant.now(), refusing));
    assertEquals(2, fetches.get(), "not asked again within the doubled back-off");
  }

  @Test
  void anUnreachableWeChatIsWaitedOutForTheShorterFailureBackOff() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    Supplier<AccessToken> unreachable =
        () -> {
          fetches.incrementAndGet();
          throw TokenException.Retryable.unreachable("WeChat's token endpoint");
        };
    assertThrows(TokenException.Retryable.class, () -> slot.usable(Instant.now(), unreachable));
    assertThrows(TokenException.Retryable.class, () -> slot.usable(Instant.now(), unreachable));
    assertFalse(
        slot.refreshIfDue(Instant.now(), MARGIN, unreachable),
        "the timer waits out the back-off too");
    assertEquals(
        1, fetches.get(), "no second request to an unreachable WeChat within the failure back-off");
    assertTrue(slot.lastFailure().isPresent(), "the slot knows its last fetch failed");

    pause(FAILURE_BACKOFF.toMillis() + 50);
    assertEquals(
        "token-2",
        slot.usable(Instant.now(), issuing(7200, 0)).value(),
        "asked again once the failure back-off (not the refusal back-off of 60 s) had passed");
    assertFalse(slot.lastFailure().isPresent(), "a token again: no longer failing");
  }

  @Test
  void aDifferentFailureStartsItsOwnBackOffInsteadOfDoublingTheLastOnes() {
    TokenSlot slot = slot(Duration.ofMillis(400));
    Supplier<AccessToken> unreachable =
        () -> {
          throw TokenException.Retryable.unreachable("WeChat's token endpoint");
        };
    for (int i = 0; i < 4; i++) {
      assertThrows(TokenException.class, () -> slot.usable(Instant.now(), unreachable));
      pause(slot.state(Instant.now()).nextAttemptIn().orElse(Duration.ZERO).toMillis() + 20);
    }
    failWith(slot, TokenException.refused(40164, "invalid ip 203.0.113.9"));
    Duration wait = slot.state(Instant.now()).nextAttemptIn().orElseThrow();
    assertTrue(
        wait.compareTo(Duration.ofMillis(400)) <= 0,
        "the first refusal after four failures of another kind waits the refusal back-off once,"
            + " not doubled four times: "
            + wait);
  }

  @Test
  void failuresOfOneClassThatAlternateStillDoubleTheBackOff() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    failWith(slot, TokenException.Retryable.unreachable("WeChat's token endpoint"));
    pause(FAILURE_BACKOFF.toMillis() + 20);
    failWith(slot, TokenException.noAnswer("WeChat's token endpoint"));
    Duration wait = slot.state(Instant.now()).nextAttemptIn().orElseThrow();
    assertTrue(
        wait.compareTo(FAILURE_BACKOFF) > 0,
        "unreachable, then no answer: both failures other than a refusal, so the back-off doubled: "
            + wait);
  }

  @Test
  void aFetchThatCouldNotStartLeavesNoFlightBehind() {
    List<Runnable> queuedThenFailed = new ArrayList<>();
    TokenSlot slot =
        fetchingOn(
            task -> {
              if (queuedThenFailed.isEmpty()) {
                // as ThreadPoolExecutor can: the task is queued, then no thread can be made
                queuedThenFailed.add(task);
                throw new OutOfMemoryError("unable to create native thread");
              }
              task.run();
            });
    TokenException noThread =
        assertThrows(TokenException.class, () -> slot.usable(Instant.now(), issuing(7200, 0)));
    assertEquals(-1, noThread.errcode(), "WeChat's JSON for the caller, not a 500");
    assertTrue(noThread.getCause() instanceof OutOfMemoryError);
    queuedThenFailed.get(0).run();
    assertEquals(0, fetches.get(), "the fetch reported as not started does not run later");
    assertEquals(
        "token-1",
        slot.usable(Instant.now(), issuing(7200, 0)).value(),
        "the next caller starts a fetch of its own instead of waiting for one that never began");
  }

  /**
   * An Error in the fetch (a linkage error, a StackOverflowError reading the answer) reached every
   * waiting caller as itself, a 500 with a stack trace, and was not backed off.
   */
  @Test
  void anErrorInTheFetchIsBackedOffAndReachesCallersAsWeChatsError() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    Supplier<AccessToken> broken =
        () -> {
          fetches.incrementAndGet();
          throw new LinkageError("a class the fetch needs");
        };
    TokenException failed =
        assertThrows(TokenException.class, () -> slot.usable(Instant.now(), broken));
    assertEquals(-1, failed.errcode());
    assertTrue(failed.getCause() instanceof LinkageError);
    assertThrows(TokenException.class, () -> slot.usable(Instant.now(), issuing(7200, 0)));
    assertEquals(1, fetches.get(), "backed off: no second fetch at once");
    pause(FAILURE_BACKOFF.toMillis() + 50);
    assertEquals("token-2", slot.usable(Instant.now(), issuing(7200, 0)).value());
  }

  @Test
  void theTimerThrowsNothingWhenTheFetchPoolIsFull() {
    AtomicBoolean full = new AtomicBoolean();
    TokenSlot slot =
        fetchingOn(
            task -> {
              if (full.get()) {
                throw new RejectedExecutionException("full");
              }
              task.run();
            });
    AccessToken first = slot.usable(Instant.now(), issuing(7200, 0));
    full.set(true);
    assertFalse(
        slot.refreshIfDue(first.expiresAt().minus(MARGIN), MARGIN, issuing(7200, 0)),
        "a due token whose fetch could not start: no fetch, and nothing thrown into the timer");
    assertEquals(1, fetches.get());
  }

  @Test
  void aCallerWaitsForAFetchNoLongerThanTheMaxWait() throws Exception {
    ExecutorService fetchPool = Executors.newSingleThreadExecutor();
    try {
      TokenSlot slot =
          new TokenSlot(
              ACCOUNT,
              new TokenSlot.Policy(
                  Duration.ofSeconds(60), FAILURE_BACKOFF, Duration.ofMillis(100), fetchPool));
      Instant asked = Instant.now();
      TokenException busy =
          assertThrows(TokenException.class, () -> slot.usable(Instant.now(), issuing(7200, 600)));
      Duration waited = Duration.between(asked, Instant.now());
      assertEquals(-1, busy.errcode(), "the caller gets WeChat's system-busy errcode");
      assertTrue(
          waited.compareTo(Duration.ofMillis(500)) < 0,
          "gave up after the max wait, not the fetch: " + waited);

      pause(700);
      assertEquals(
          "token-1",
          slot.usable(Instant.now(), issuing(7200, 0)).value(),
          "the fetch went on and serves the next caller");
      assertEquals(1, fetches.get(), "one fetch for both callers");
    } finally {
      fetchPool.shutdownNow();
    }
  }

  @Test
  void theTimerReplacesOnlyATokenThatIsDue() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    AccessToken first = slot.usable(Instant.now(), issuing(7200, 0));
    assertFalse(slot.refreshIfDue(Instant.now(), MARGIN, issuing(7200, 0)), "not due yet");
    Instant due = first.expiresAt().minus(MARGIN);
    assertTrue(
        slot.refreshIfDue(due, MARGIN, issuing(7200, 0)),
        "a token is replaced once its refresh time (the margin before expiry) has come");
    assertEquals("token-2", slot.usable(Instant.now(), issuing(7200, 0)).value());
    assertEquals(2, fetches.get());
  }

  @Test
  void theTimerLeavesAnAccountAloneThatNeverAskedForAToken() {
    TokenSlot slot = slot(Duration.ofSeconds(60));
    assertFalse(
        slot.refreshIfDue(Instant.now(), MARGIN, issuing(7200, 0)),
        "the timer fetches nothing for an account that never asked for a token");
    assertEquals(0, fetches.get());
    assertFalse(
        slot.state(Instant.now()).held(),
        "no token is held for an account that never asked for one");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
