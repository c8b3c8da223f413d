package io.wxbridge.token.boundary;

import io.wxbridge.token.control.AccessTokens;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/**
 * Replaces access tokens ahead of expiry, so requests never wait for one. Ticks every second (the
 * check is in memory; WeChat is only called when a token is due). Not persistent: tokens live in
 * memory, so a restarted bridge simply fetches new ones. Ticks may overlap: a fetch already running
 * is never started twice.
 */
@Singleton
@Lock(LockType.READ)
public class TokenRefreshSchedule {
  @Inject AccessTokens tokens;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void refresh() {
    tokens.refreshDue();
  }
}
