package io.wxbridge.wechatapi.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Which calls reach the Fault Tolerance policy (only those whose first attempt failed in a way
 * worth repeating), and the policy's invocations of such a call: the first is that attempt (its
 * failure again, no request made), each later one a new attempt. The policy's delays and count are
 * checked against a real server (WeChatRetryChecks).
 */
class WeChatAttemptsTest {
  private static final long IN_TIME = Duration.ofSeconds(6).toNanos();
  private final AtomicInteger attemptsMade = new AtomicInteger();
  private final List<WeChatAttempts.FailedAttempt<?>> handedOver = new ArrayList<>();
  private final WeChatApi api = new WeChatApi();

  {
    api.startWithinNanos = IN_TIME;
    // the policy as plain Java: one invocation, no interceptor
    api.attempts =
        new WeChatAttempts() {
          @Override
          public <T> T after(FailedAttempt<T> failed) {
            handedOver.add(failed);
            return super.after(failed);
          }
        };
  }

  @Test
  void aFirstAttemptThatBringsAnAnswerNeverReachesThePolicy() {
    assertEquals(1, api.attempted(attemptsMade::incrementAndGet));
    assertEquals(List.of(), handedOver);
  }

  @Test
  void aFailureThatRepeatingCannotMendIsThrownWithoutThePolicy() {
    WeChatApiException noAnswer = WeChatApiException.noAnswer(RetrySafety.SENDS_MESSAGE);

    assertSame(
        noAnswer,
        assertThrows(
            WeChatApiException.class,
            () ->
                api.attempted(
                    () -> {
                      throw noAnswer;
                    })));
    assertEquals(List.of(), handedOver);
  }

  @Test
  void aFirstAttemptWorthRepeatingIsHandedToThePolicyWithItsFailure() {
    WeChatApiException.Retryable unreachable = WeChatApiException.Retryable.unreachable();
    Supplier<Integer> unreachableAttempt =
        () -> {
          attemptsMade.incrementAndGet();
          throw unreachable;
        };

    // one plain invocation of the policy: the failure already met, again
    assertSame(
        unreachable,
        assertThrows(WeChatApiException.Retryable.class, () -> api.attempted(unreachableAttempt)));
    assertEquals(1, handedOver.size());
    assertEquals(1, attemptsMade.get(), "the policy's first invocation makes no request");
  }

  @Test
  void aFirstAttemptThatFailedAfterThePolicysTimeEndsItWithThatFailure() {
    api.startWithinNanos = 0;
    WeChatApiException.Retryable busy =
        WeChatApiException.Retryable.busy(
            new WeChatAnswer(200, "application/json", "{\"errcode\":-1}".getBytes(UTF_8)));
    var failed = new WeChatAttempts.FailedAttempt<>(attemptsMade::incrementAndGet, busy, now());

    assertSame(busy, assertThrows(WeChatAttempts.OutOfTime.class, failed::next).lastFailure());
    assertSame(
        busy,
        assertThrows(
            WeChatApiException.Retryable.class,
            () ->
                api.attempted(
                    () -> {
                      throw busy;
                    })),
        "the caller gets the failure itself");
    assertEquals(0, attemptsMade.get());
  }

  @Test
  void aLaterAttemptThatFailsAfterThePolicysTimeEndsItWithItsFailure() {
    long deadline = now() + Duration.ofSeconds(1).toNanos();
    WeChatApiException.Retryable later = WeChatApiException.Retryable.unreachable();
    var failed =
        new WeChatAttempts.FailedAttempt<Integer>(
            () -> {
              attemptsMade.incrementAndGet();
              waitUntil(deadline); // an attempt that fails only once the time is up
              throw later;
            },
            WeChatApiException.Retryable.unreachable(),
            deadline);

    assertThrows(WeChatApiException.Retryable.class, failed::next, "in time: retried");
    assertSame(later, assertThrows(WeChatAttempts.OutOfTime.class, failed::next).lastFailure());
    assertEquals(1, attemptsMade.get());
  }

  @Test
  void thePolicysFirstInvocationIsTheAttemptAlreadyMade() {
    WeChatApiException.Retryable first = WeChatApiException.Retryable.unreachable();
    var failed =
        new WeChatAttempts.FailedAttempt<>(attemptsMade::incrementAndGet, first, now() + IN_TIME);

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
            WeChatApiException.Retryable.unreachable(),
            now() + IN_TIME);

    assertThrows(WeChatApiException.Retryable.class, failed::next);
    assertSame(later, assertThrows(WeChatApiException.Retryable.class, failed::next));
    assertEquals(1, attemptsMade.get());
  }

  @Test
  void thePolicysTimeIsItsMaxDurationAsItsKeysOrTheAnnotationSetIt() {
    String method = WeChatAttempts.class.getName() + "/after/Retry/";
    String type = WeChatAttempts.class.getName() + "/Retry/";
    assertEquals(Duration.ofSeconds(6), WeChatAttempts.startWithin(config(Map.of())));
    assertEquals(
        Duration.ofMillis(2500),
        WeChatAttempts.startWithin(config(Map.of(type + "maxDuration", "2500"))));
    assertEquals(
        Duration.ofSeconds(9),
        WeChatAttempts.startWithin(
            config(Map.of(type + "maxDuration", "9", type + "durationUnit", "SECONDS"))));
    assertEquals(
        Duration.ofMillis(4000),
        WeChatAttempts.startWithin(config(Map.of("Retry/maxDuration", "4000"))),
        "Fault Tolerance's global key applies when the policy's own are not set");
    assertEquals(
        Duration.ofMillis(2000),
        WeChatAttempts.startWithin(
            config(
                Map.of(
                    "Retry/maxDuration",
                    "4000",
                    type + "maxDuration",
                    "2000",
                    method + "maxDuration",
                    "3000"))),
        "the class's key over the global one; a method's key does not apply to a class-level"
            + " policy (Fault Tolerance's configuration rules)");
  }

  /** A Config holding these values, converting them as MicroProfile Config does for these types. */
  private static Config config(Map<String, String> values) {
    return (Config)
        Proxy.newProxyInstance(
            Config.class.getClassLoader(),
            new Class<?>[] {Config.class},
            (proxy, method, arguments) -> {
              if (!method.getName().equals("getOptionalValue")) {
                throw new UnsupportedOperationException(method.getName());
              }
              Class<?> type = (Class<?>) arguments[1];
              return Optional.ofNullable(values.get((String) arguments[0]))
                  .map(
                      value ->
                          type == Long.class ? Long.valueOf(value) : ChronoUnit.valueOf(value));
            });
  }

  private static void waitUntil(long deadline) {
    while (now() - deadline < 0) {
      LockSupport.parkNanos(deadline - now());
    }
  }

  private static long now() {
    return System.nanoTime();
  }
}
