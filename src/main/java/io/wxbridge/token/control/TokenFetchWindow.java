package io.wxbridge.token.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.entity.OnBehalfOf;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * How long after a token fetch's first attempt began its last may still begin: the retry policy of
 * {@link TokenRequests#fetch}'s maxDuration, then one more delay and its jitter (the policy checks
 * its time before the delay), each as MicroProfile Config sets it (the method's key, else the
 * global one, as Fault Tolerance reads them) or as the annotation does. An instance waiting for
 * another's fetch of the shared token must wait that long before fetching one of its own, however
 * an operator tuned the retries (docs/token-and-wechat-api.md).
 */
final class TokenFetchWindow {
  private static final String METHOD_KEYS = TokenRequests.class.getName() + "/fetch/Retry/";
  private static final String GLOBAL_KEYS = "Retry/";

  private TokenFetchWindow() {}

  static Duration lastAttemptStartsWithin(Config config) {
    Retry policy = policy();
    return value(config, "maxDuration", policy.maxDuration(), "durationUnit", policy.durationUnit())
        .plus(value(config, "delay", policy.delay(), "delayUnit", policy.delayUnit()))
        .plus(
            value(config, "jitter", policy.jitter(), "jitterDelayUnit", policy.jitterDelayUnit()));
  }

  private static Duration value(
      Config config, String name, long annotated, String unitName, ChronoUnit annotatedUnit) {
    long amount = setting(config, name, Long.class).orElse(annotated);
    ChronoUnit unit = setting(config, unitName, ChronoUnit.class).orElse(annotatedUnit);
    return Duration.of(amount, unit);
  }

  private static <T> java.util.Optional<T> setting(Config config, String name, Class<T> type) {
    return config
        .getOptionalValue(METHOD_KEYS + name, type)
        .or(() -> config.getOptionalValue(GLOBAL_KEYS + name, type));
  }

  private static Retry policy() {
    try {
      return TokenRequests.class
          .getMethod("fetch", Account.class, OnBehalfOf.class)
          .getAnnotation(Retry.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("TokenRequests.fetch is the token fetch", e);
    }
  }
}
