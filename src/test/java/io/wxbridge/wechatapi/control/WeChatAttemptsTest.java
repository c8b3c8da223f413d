package io.wxbridge.wechatapi.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The policy's invocations of a call whose first attempt failed: the first is that attempt (its
 * failure again, no request made), each later one a new attempt. Fault Tolerance's delays and count
 * are checked against a real server (WeChatRetryChecks).
 */
class WeChatAttemptsTest {
  private final AtomicInteger attemptsMade = new AtomicInteger();

  @Test
  void thePolicysFirstInvocationIsTheAttemptAlreadyMade() {
    WeChatApiException.Retryable first = WeChatApiException.Retryable.unreachable();
    var failed = new WeChatAttempts.FailedAttempt<>(attemptsMade::incrementAndGet, first);

    assertSame(first, assertThrows(WeChatApiException.Retryable.class, failed::next));
    assertEquals(0, attemptsMade.get(), "no request made for the attempt already failed");
    assertEquals(1, failed.next());
    assertEquals(2, failed.next());
  }

  @Test
  void aLaterFailureReachesThePolicyAsItIs() {
    WeChatApiException.Retryable later = WeChatApiException.Retryable.unreachable();
    var failed =
        new WeChatAttempts.FailedAttempt<Integer>(
            () -> {
              attemptsMade.incrementAndGet();
              throw later;
            },
            WeChatApiException.Retryable.unreachable());

    assertThrows(WeChatApiException.Retryable.class, failed::next);
    assertSame(later, assertThrows(WeChatApiException.Retryable.class, failed::next));
    assertEquals(1, attemptsMade.get());
  }
}
