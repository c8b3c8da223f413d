package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.DirectEvent;
import io.wxbridge.testing.TestAccounts;
import io.wxbridge.token.entity.AccessToken;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token's log: one line per change of state (a failure after tokens, a different failure,
 * tokens again), not one per attempt; an unexpected failure named by its kind.
 */
class AccessTokensTest {
  private static final Account ACCOUNT = TestAccounts.plain("wxtokenlog0000001");
  private static final Logger LOG = Logger.getLogger(AccessTokens.class.getName());

  private final Deque<Supplier<AccessToken>> answers = new ArrayDeque<>();
  private final List<LogRecord> lines = new ArrayList<>();
  private final ExecutorService fetchPool = Executors.newSingleThreadExecutor();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord line) {
          synchronized (lines) {
            lines.add(line);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level levelBefore;
  private AccessTokens tokens;

  @BeforeEach
  void build() {
    levelBefore = LOG.getLevel();
    LOG.setLevel(Level.ALL);
    LOG.addHandler(capture);
    tokens = new AccessTokens();
    tokens.requests =
        new TokenRequests() {
          @Override
          public AccessToken fetch(Account account, OnBehalfOf caller) {
            return answers.removeFirst().get();
          }
        };
    tokens.pools =
        new OutboundPools() {
          @Override
          public ExecutorService bounded(PoolName name, int maxThreads, int queue) {
            return fetchPool;
          }
        };
    tokens.fetches = new DirectEvent<>();
    tokens.refreshMarginSeconds = 300;
    // no back-off: every call below asks again, so that each attempt's line can be seen
    tokens.refusalBackoffSeconds = 0;
    tokens.failureBackoffSeconds = 0;
    tokens.maxWaitMillis = 5_000;
    tokens.usePolicy(1);
  }

  @AfterEach
  void restore() {
    LOG.removeHandler(capture);
    LOG.setLevel(levelBefore);
    fetchPool.shutdownNow();
  }

  @Test
  void eachChangeOfStateIsLoggedOnceAndRepeatsOnlyAtFine() {
    answers.add(
        () -> {
          throw TokenException.Retryable.unreachable("WeChat's token endpoint");
        });
    answers.add(
        () -> {
          throw TokenException.Retryable.unreachable("WeChat's token endpoint");
        });
    answers.add(
        () -> {
          throw TokenException.refused(40164, "invalid ip 203.0.113.9, not in whitelist");
        });
    answers.add(
        () -> {
          throw TokenException.refused(40164, "invalid ip 203.0.113.9, not in whitelist");
        });
    answers.add(() -> AccessToken.issued("token-1", 7200, Instant.now()));
    for (int i = 0; i < 4; i++) {
      assertThrows(TokenException.class, () -> tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER));
    }
    assertEquals("token-1", tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER).value());

    assertEquals(
        List.of(Level.WARNING, Level.FINE, Level.WARNING, Level.FINE, Level.INFO),
        levels(),
        "unreachable, again, a refusal (a new state: its whitelist advice is a warning), again,"
            + " a token");
    assertTrue(message(2).contains("Add 203.0.113.9 to the IP whitelist"), message(2));
    assertTrue(message(4).contains("tokens are available again"), message(4));
  }

  @Test
  void anUnexpectedFailureIsLoggedByItsKindAndReachesTheCallerAsMinusOne() {
    answers.add(
        () -> {
          throw new IllegalStateException(
              "a message that may quote an answer: access_token=SECRET");
        });
    TokenException failed =
        assertThrows(TokenException.class, () -> tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER));
    assertEquals(-1, failed.errcode());
    assertEquals(List.of(Level.WARNING), levels());
    assertTrue(message(0).contains("(IllegalStateException)"), message(0));
    assertFalse(message(0).contains("SECRET"), message(0));
  }

  /** An Error reached the caller as a 500 with a stack trace, and no token line said why. */
  @Test
  void anErrorInTheFetchIsLoggedByItsKindAndReachesTheCallerAsMinusOne() {
    answers.add(
        () -> {
          throw new LinkageError("a class the fetch needs");
        });
    TokenException failed =
        assertThrows(TokenException.class, () -> tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER));
    assertEquals(-1, failed.errcode());
    assertEquals(List.of(Level.WARNING), levels());
    assertTrue(message(0).contains("(LinkageError)"), message(0));
  }

  @Test
  void aRefusalNamingAnotherIpOrAnUnexpectedFailureOfAnotherKindIsANewState() {
    answers.add(refusedFor("203.0.113.9", "rid: 6560a1b2-1"));
    answers.add(refusedFor("203.0.113.9", "rid: 6560a1b2-2"));
    answers.add(refusedFor("198.51.100.7", "rid: 6560a1b2-3"));
    answers.add(
        () -> {
          throw new IllegalStateException("one kind");
        });
    answers.add(
        () -> {
          throw new IllegalArgumentException("another kind");
        });
    for (int i = 0; i < 5; i++) {
      assertThrows(TokenException.class, () -> tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER));
    }
    assertEquals(
        List.of(Level.WARNING, Level.FINE, Level.WARNING, Level.WARNING, Level.WARNING),
        levels(),
        "the same IP again (another rid) is a repeat; a new IP to whitelist, and each unexpected"
            + " kind, a change");
    assertTrue(message(2).contains("Add 198.51.100.7"), message(2));
  }

  /**
   * The timer's fetch was on its way when a call's token was rejected; WeChat's answer to it came
   * from before the rejection and held the same token, which was installed again.
   */
  @Test
  void aTokenRejectedWhileItsSuccessorWasBeingFetchedIsNotInstalledAgain() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch rejected = new CountDownLatch(1);
    // due for refresh (7,000 of its 7,200 s gone), still usable
    answers.add(() -> AccessToken.issued("token-1", 7200, Instant.now().minusSeconds(7000)));
    answers.add(
        () -> {
          asked.countDown();
          await(rejected);
          return AccessToken.issued("token-1", 200, Instant.now());
        });
    answers.add(() -> AccessToken.issued("token-2", 7200, Instant.now()));
    AccessToken first = tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER);

    tokens.refreshDue();
    assertTrue(asked.await(5, TimeUnit.SECONDS), "the timer's fetch started");
    tokens.invalidate(ACCOUNT, first);
    rejected.countDown();

    assertEquals("token-2", tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER).value());
    assertTrue(answers.isEmpty(), "asked once more after the answer that predates the rejection");
    assertFalse(
        levels().contains(Level.WARNING),
        "a fetch the rejection overtook is no failure: " + levels());
  }

  /**
   * A token server that hands out the rejected token again is refused once (callers get -1 for the
   * back-off, not a token every call is rejected with), then believed: WeChat may have rejected it
   * in error, and a second rejection is a new one.
   */
  @Test
  void aSourceThatHandsOutTheRejectedTokenAgainIsRefusedOnceThenBelieved() {
    answers.add(() -> AccessToken.issued("token-1", 7200, Instant.now()));
    answers.add(() -> AccessToken.issued("token-1", 7000, Instant.now()));
    answers.add(() -> AccessToken.issued("token-1", 6990, Instant.now()));
    answers.add(() -> AccessToken.issued("token-1", 6980, Instant.now()));
    answers.add(() -> AccessToken.issued("token-2", 7200, Instant.now()));
    AccessToken first = tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER);
    tokens.invalidate(ACCOUNT, first);

    TokenException failed =
        assertThrows(TokenException.class, () -> tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER));
    assertEquals(-1, failed.errcode(), "the caller gets WeChat's -1, not the rejected token");
    assertEquals(List.of(Level.FINE, Level.WARNING), levels());
    assertTrue(message(1).contains("had just rejected"), message(1));
    AccessToken believed = tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER);
    assertEquals(
        "token-1", believed.value(), "after the back-off (0 here) the source's token is taken");

    tokens.invalidate(ACCOUNT, believed);
    assertThrows(
        TokenException.class,
        () -> tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER),
        "rejected again: refused once more");
    assertEquals(
        "token-2",
        tokens.current(ACCOUNT, OnBehalfOf.TOKEN_TIMER).value(),
        "the source's next token, once it has one");
    assertTrue(answers.isEmpty(), "one fetch a call, none repeated in between");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Supplier<AccessToken> refusedFor(String ip, String rid) {
    return () -> {
      throw TokenException.refused(
          40164, "invalid ip " + ip + " ipv6 ::ffff:" + ip + ", not in whitelist " + rid);
    };
  }

  private List<Level> levels() {
    synchronized (lines) {
      return lines.stream().map(LogRecord::getLevel).toList();
    }
  }

  private String message(int index) {
    synchronized (lines) {
      return lines.get(index).getMessage();
    }
  }
}
