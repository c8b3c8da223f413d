package io.wxbridge.inbox.control;

import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This instance's memory of the signed queries it took lately (plaintext pushes', encrypted
 * pushes', URL checks'), each with its body's hash, in front of the replay records in the database:
 * a query sent again with another body is refused here without a statement, so that a captured
 * query sent again and again with bodies of its sender's costs the inbox's writer nothing, and
 * stays refused on this instance while the database cannot answer. A query is remembered with a
 * body only once that body is known to be its own (the database found it first or a retry, or the
 * push was authenticated as a whole), or while the database cannot say, so that a stranger's body
 * refused by the database is never what a later retry is compared with.
 *
 * <p>Bounded: at most {@link #MOST} queries, the oldest taken forgotten first, and any whose
 * timestamp is further behind the clock than the allowed skew (a replay of it is refused as stale
 * by then). So the whole skew is covered up to about 66 queries a second; above that, the last
 * {@code MOST}. Each is kept as 128 bits of its hashes and its timestamp, about 100 bytes.
 */
final class RecentQueries {
  static final int MOST = 20_000;

  /** The account's AppID string (shared with its configuration) and the query's hash. */
  private record Key(String appId, long query0, long query1) {}

  private record Seen(long pushedAt, long body0, long body1) {}

  private final LinkedHashMap<Key, Seen> seen = new LinkedHashMap<>();

  /** Whether the query is remembered here with another body than this one. */
  synchronized boolean holdsAnother(String appId, String queryHash, String bodyHash) {
    Seen before = seen.get(key(appId, queryHash));
    return before != null && !(before.body0() == high(bodyHash) && before.body1() == low(bodyHash));
  }

  synchronized boolean contains(String appId, String queryHash) {
    return seen.containsKey(key(appId, queryHash));
  }

  /**
   * Remembers the query with this body, unless it is remembered already.
   *
   * @param oldest the oldest timestamp (in seconds) still within the allowed clock skew
   */
  synchronized void remember(
      String appId, long pushedAt, String queryHash, String bodyHash, long oldest) {
    seen.putIfAbsent(key(appId, queryHash), new Seen(pushedAt, high(bodyHash), low(bodyHash)));
    Iterator<Map.Entry<Key, Seen>> eldest = seen.entrySet().iterator();
    while (eldest.hasNext()) {
      Map.Entry<Key, Seen> next = eldest.next();
      if (seen.size() <= MOST && next.getValue().pushedAt() >= oldest) {
        return;
      }
      eldest.remove();
    }
  }

  synchronized int size() {
    return seen.size();
  }

  private static Key key(String appId, String queryHash) {
    return new Key(appId, high(queryHash), low(queryHash));
  }

  private static long high(String hex) {
    return HexFormat.fromHexDigitsToLong(hex, 0, 16);
  }

  private static long low(String hex) {
    return HexFormat.fromHexDigitsToLong(hex, 16, 32);
  }
}
