package io.wxbridge.wechatapi.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The attempts that follow a first one that failed in a way worth repeating ({@link
 * WeChatApiException.Retryable}: WeChat answered -1, or could not be reached), made by Fault
 * Tolerance: at most 4 attempts in all, 500 ± 250 ms apart, none once 6 s have passed since the
 * first one failed. The policy's first invocation is the attempt already made (its failure is
 * thrown again), so that the delays and the count are the annotation's alone.
 *
 * <p>The first attempt is made without this interceptor ({@link WeChatApi}): Payara's resolves a
 * request context controller through CDI and records its metrics on every invocation, 8.9 % of
 * Payara's CPU samples while it relayed customer-service sends (JFR, issue 9), for calls that
 * almost never need a second attempt.
 */
@ApplicationScoped
@Retry(
    maxRetries = 3,
    delay = 500,
    jitter = 250,
    maxDuration = 6000,
    retryOn = WeChatApiException.Retryable.class)
public class WeChatAttempts {

  /**
   * @return the answer of the first later attempt that brings one
   * @throws WeChatApiException.Retryable the last attempt's failure once the policy gives up; any
   *     other failure of a later attempt at once, as the first attempt's would be
   */
  public <T> T after(FailedAttempt<T> failed) {
    return failed.next();
  }

  /** A call whose first attempt failed: that failure, then each later attempt. */
  public static final class FailedAttempt<T> {
    private final Supplier<T> attempt;
    private WeChatApiException.Retryable firstFailure;

    FailedAttempt(Supplier<T> attempt, WeChatApiException.Retryable firstFailure) {
      this.attempt = attempt;
      this.firstFailure = firstFailure;
    }

    /** Not for concurrent use: Fault Tolerance makes the attempts one after the other. */
    T next() {
      WeChatApiException.Retryable failure = firstFailure;
      if (failure != null) {
        firstFailure = null;
        throw failure;
      }
      return attempt.get();
    }
  }
}
