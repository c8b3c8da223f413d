package io.wxbridge.token.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * An access_token and the time it is good for. Its lifetime counts from the moment the request for
 * it was sent, so the bridge never believes a token lives longer than WeChat does. A secret:
 * toString never shows it.
 */
public record AccessToken(String value, Instant obtainedAt, Instant expiresAt) {

  /** A token WeChat issued with expires_in seconds, for a request sent at requestedAt. */
  public static AccessToken issued(String value, long expiresInSeconds, Instant requestedAt) {
    return new AccessToken(
        value, requestedAt, requestedAt.plusSeconds(Math.max(0, expiresInSeconds)));
  }

  /** False once the token has expired: it is never sent to WeChat after that. */
  public boolean isUsableAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /**
   * When to fetch its successor: {@code margin} before expiry, but no earlier than half-way through
   * its lifetime (a stable_token fetched inside WeChat's 5-minute overlap comes back with less than
   * the margin left; fetching it again at once would only return the same token).
   */
  public Instant refreshAt(Duration margin) {
    Duration half = lifetime().dividedBy(2);
    return expiresAt.minus(margin.compareTo(half) < 0 ? margin : half);
  }

  public boolean isDueAt(Instant now, Duration margin) {
    return !now.isBefore(refreshAt(margin));
  }

  public Duration lifetime() {
    return Duration.between(obtainedAt, expiresAt);
  }

  public Duration age(Instant now) {
    return Duration.between(obtainedAt, now);
  }

  public Duration remaining(Instant now) {
    Duration left = Duration.between(now, expiresAt);
    return left.isNegative() ? Duration.ZERO : left;
  }

  @Override
  public String toString() {
    return "AccessToken[hidden, expires " + expiresAt + "]";
  }
}
