package io.wxbridge.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fake's access tokens, as WeChat issues them: /cgi-bin/token issues a new token each time and
 * the previous one keeps working only for the overlap; /cgi-bin/stable_token returns the same token
 * until it is within the overlap of its expiry, then a new one; the two spaces are separate. The
 * overlap is WeChat's 5 minutes, or half the lifetime for the short lifetimes tests use.
 */
public final class FakeWeChatTokens {
  enum Space {
    CLASSIC,
    STABLE,
    EXTERNAL
  }

  /** One issued token. */
  static final class Issued {
    final String appId;
    final String value;
    final Space space;
    final Instant issuedAt;
    volatile Instant expiresAt;
    volatile boolean invalidated;

    Issued(String appId, Space space, Instant issuedAt, Instant expiresAt) {
      this.appId = appId;
      this.value = "FAKE_TOKEN_" + appId + "_" + UUID.randomUUID().toString().replace("-", "");
      this.space = space;
      this.issuedAt = issuedAt;
      this.expiresAt = expiresAt;
    }
  }

  /** A token as issued, for tests: when, and until when it is good. */
  public record IssuedToken(String value, Instant issuedAt, Instant expiresAt) {}

  /** What a token check found: the token's account, or the errcode WeChat answers. */
  record Check(Issued token, int errcode) {}

  private final Map<String, Issued> byValue = new ConcurrentHashMap<>();
  private final Map<String, List<Issued>> byApp = new ConcurrentHashMap<>();

  synchronized Issued issue(String appId, Space space, Duration lifetime, boolean forceRefresh) {
    Instant now = Instant.now();
    Duration overlap = overlap(lifetime);
    Issued latest = latest(appId, space);
    if (space == Space.STABLE
        && !forceRefresh
        && latest != null
        && !latest.invalidated
        && Duration.between(now, latest.expiresAt).compareTo(overlap) > 0) {
      return latest;
    }
    if (latest != null && space != Space.STABLE) {
      Instant overlapEnd = now.plus(overlap);
      if (latest.expiresAt.isAfter(overlapEnd)) {
        latest.expiresAt = overlapEnd;
      }
    }
    if (latest != null && forceRefresh) {
      latest.invalidated = true;
    }
    Issued fresh = new Issued(appId, space, now, now.plus(lifetime));
    byValue.put(fresh.value, fresh);
    byApp.computeIfAbsent(appId, a -> new CopyOnWriteArrayList<>()).add(fresh);
    return fresh;
  }

  Check check(String token) {
    if (token == null || token.isEmpty()) {
      return new Check(null, 41001);
    }
    Issued issued = byValue.get(token);
    if (issued == null || issued.invalidated) {
      return new Check(issued, 40001);
    }
    if (!Instant.now().isBefore(issued.expiresAt)) {
      return new Check(issued, 42001);
    }
    return new Check(issued, 0);
  }

  void invalidate(String appId) {
    byApp.getOrDefault(appId, List.of()).forEach(token -> token.invalidated = true);
  }

  /** Every token issued to the account so far, oldest first. */
  List<IssuedToken> issued(String appId) {
    return byApp.getOrDefault(appId, List.of()).stream()
        .map(t -> new IssuedToken(t.value, t.issuedAt, t.expiresAt))
        .toList();
  }

  private Issued latest(String appId, Space space) {
    List<Issued> all = byApp.getOrDefault(appId, List.of());
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).space == space) {
        return all.get(i);
      }
    }
    return null;
  }

  static Duration overlap(Duration lifetime) {
    Duration half = lifetime.dividedBy(2);
    Duration fiveMinutes = Duration.ofMinutes(5);
    return half.compareTo(fiveMinutes) < 0 ? half : fiveMinutes;
  }
}
