package io.wxbridge.inbox.control;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's memory of the signed queries it took lately (plaintext pushes', encrypted
 * pushes', URL checks'), with their bodies' hashes, in front of the replay records in the database:
 * a query sent again with another body is refused here without a statement, so that a captured
 * query sent again and again with bodies of its sender's costs the inbox's writer nothing, and
 * stays refused on this instance while the database cannot answer. Bounded: at most {@link #MOST}
 * queries, each forgotten once its timestamp is further behind the clock than the allowed skew (a
 * replay of it is refused as stale by then); while the memory is full of younger ones, a new query
 * is remembered by the database alone.
 */
final class RecentQueries {
  static final int MOST = 20_000;

  private record Seen(long pushedAt, String bodyHash) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /** The second from which stale queries may be looked for again: at most once a second. */
  private final AtomicLong nextSweep = new AtomicLong();

  /**
   * The hash of the body the query came with before on this instance, or empty when it is new here
   * (then it is remembered with this body, if there is room).
   *
   * @param oldest the oldest timestamp (in seconds) still within the allowed clock skew
   */
  Optional<String> remember(
      String appId, long pushedAt, String query, String bodyHash, long oldest) {
    String key = appId + "\n" + query;
    Seen before = seen.get(key);
    if (before != null) {
      return Optional.of(before.bodyHash());
    }
    if (seen.size() >= MOST) {
      forgetOlderThan(oldest);
    }
    if (seen.size() >= MOST) {
      return Optional.empty();
    }
    Seen raced = seen.putIfAbsent(key, new Seen(pushedAt, bodyHash));
    return raced == null ? Optional.empty() : Optional.of(raced.bodyHash());
  }

  boolean contains(String appId, String query) {
    return seen.containsKey(appId + "\n" + query);
  }

  int size() {
    return seen.size();
  }

  private void forgetOlderThan(long oldest) {
    long due = nextSweep.get();
    if (oldest >= due && nextSweep.compareAndSet(due, oldest + 1)) {
      seen.values().removeIf(query -> query.pushedAt() < oldest);
    }
  }
}
