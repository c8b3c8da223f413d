package io.wxbridge.wechatapi.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The attempts that follow a first one that failed in a way worth repeating ({@link
 * WeChatApiException.Retryable}: WeChat answered -1, or could not be reached), made by Fault
 * Tolerance: at most 4 attempts in all, 500 ± 250 ms apart, none once 6 s have passed since the
 * first one started. The policy's first invocation is the attempt already made (its failure is
 * thrown again), so that the delays and the count are the annotation's alone. Its own clock starts
 * at that first failure, so the 6 s from the first attempt's start are kept by {@link
 * FailedAttempt}: past them, a failure ends the policy at once ({@link OutOfTime}).
 *
 * <p>The first attempt is made without this interceptor ({@link WeChatApi}): Payara's resolves a
 * request context controller through CDI and records its metrics on every invocation, a cost on
 * each relayed call for calls that almost never need a second attempt.
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
   * The policy's keys as MicroProfile Fault Tolerance reads them for a class-level annotation, the
   * first set one winning: the class's, then the global one (a method's key is ignored there).
   */
  static final List<String> POLICY_KEYS =
      List.of(WeChatAttempts.class.getName() + "/Retry/", "Retry/");

  /**
   * @return the answer of the first later attempt that brings one
   * @throws WeChatApiException.Retryable the last attempt's failure once the policy gives up
   * @throws OutOfTime with the last failure, once the policy's time is up
   * @throws WeChatApiException any other failure of a later attempt, at once
   */
  public <T> T after(FailedAttempt<T> failed) {
    return failed.next();
  }

  /**
   * How long after a call's first attempt started a later one may still start: the policy's
   * maxDuration (and durationUnit), as its keys or the annotation set it (a static method: this
   * class's business methods are all intercepted).
   */
  static Duration startWithin(Config config) {
    Retry policy = WeChatAttempts.class.getAnnotation(Retry.class);
    return Duration.of(
        setting(config, "maxDuration", Long.class).orElse(policy.maxDuration()),
        setting(config, "durationUnit", ChronoUnit.class).orElse(policy.durationUnit()));
  }

  private static <T> Optional<T> setting(Config config, String name, Class<T> type) {
    return POLICY_KEYS.stream()
        .map(keys -> config.getOptionalValue(keys + name, type))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** A call whose first attempt failed: that failure, then each later attempt. */
  public static final class FailedAttempt<T> {
    private final Supplier<T> attempt;
    private final long deadlineNanos;
    private WeChatApiException.Retryable firstFailure;

    /**
     * @param deadlineNanos {@link System#nanoTime()} after which no attempt is started
     */
    FailedAttempt(
        Supplier<T> attempt, WeChatApiException.Retryable firstFailure, long deadlineNanos) {
      this.attempt = attempt;
      this.firstFailure = firstFailure;
      this.deadlineNanos = deadlineNanos;
    }

    /** Not for concurrent use: Fault Tolerance makes the attempts one after the other. */
    T next() {
      WeChatApiException.Retryable failure = firstFailure;
      firstFailure = null;
      if (failure == null) {
        try {
          return attempt.get();
        } catch (WeChatApiException.Retryable failed) {
          failure = failed;
        }
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw new OutOfTime(failure);
      }
      throw failure;
    }
  }

  /**
   * The policy's time ran out with this failure: not retried by it (it retries only {@link
   * WeChatApiException.Retryable}), and thrown on as the failure itself by the caller.
   */
  public static final class OutOfTime extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient WeChatApiException.Retryable lastFailure;

    OutOfTime(WeChatApiException.Retryable lastFailure) {
      super(lastFailure.getMessage(), null, false, false);
      this.lastFailure = lastFailure;
    }

    WeChatApiException.Retryable lastFailure() {
      return lastFailure;
    }
  }
}
