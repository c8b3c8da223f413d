package io.wxbridge.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of the paths in each measured round: the rows of a balanced Latin square (Williams: 0,
 * 1, n−1, 2, n−2, …, each round adding one), in which over n rounds each path follows every other
 * once. A path that always followed the bridge paid for what Payara still did after it (in a full
 * run, Payara took up to 0.37 cores and made up to 14 GC pauses during the naive relay's rounds
 * right after the bridge's); shifting one order by a place each round keeps who follows whom.
 */
final class RoundOrder {
  private RoundOrder() {}

  /** The order of round {@code round} (from 1); {@code paths} has an even count. */
  static <T> List<T> of(int round, T[] paths) {
    int n = paths.length;
    List<T> order = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int first = k == 0 ? 0 : k % 2 == 1 ? (k + 1) / 2 : n - k / 2;
      order.add(paths[(first + round - 1) % n]);
    }
    return order;
  }
}
