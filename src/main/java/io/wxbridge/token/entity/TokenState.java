package io.wxbridge.token.entity;

import io.wxbridge.accounts.entity.TokenMode;
import java.time.Duration;
import java.util.Optional;

/**
 * What the bridge knows about one account's token, for the health check: never the token itself.
 *
 * @param age how long ago the held token was obtained; empty if none is held (or it has expired)
 * @param remaining how long the held token is still good for
 * @param failedWith the errcode of the last failed fetch, while the bridge waits before asking
 *     again
 * @param refused whether that failure was WeChat's refusal (not busy, unreachable or unusable)
 * @param nextAttemptIn how long until the bridge asks again after that failure
 */
public record TokenState(
    String appId,
    TokenMode mode,
    Optional<Duration> age,
    Optional<Duration> remaining,
    Optional<Integer> failedWith,
    boolean refused,
    Optional<Duration> nextAttemptIn) {

  public boolean held() {
    return remaining.isPresent();
  }
}
