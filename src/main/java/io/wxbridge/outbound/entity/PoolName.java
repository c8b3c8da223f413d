package io.wxbridge.outbound.entity;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a bounded pool does, and for which account if it serves one: its threads' names (a thread
 * dump shows which pool holds them) and its metrics' labels (docs/metrics.md).
 *
 * @param pool lower-case words joined by '-', e.g. {@code udesk-forward}
 * @param account the AppID the pool serves alone, if any
 */
public record PoolName(String pool, Optional<String> account) {

  public static PoolName of(String pool) {
    return new PoolName(pool, Optional.empty());
  }

  public static PoolName forAccount(String pool, String appId) {
    return new PoolName(pool, Optional.of(appId));
  }

  /** The start of each of its threads' names: {@code bridge-udesk-forward-wx0123456789abcdef}. */
  public String threadPrefix() {
    return "bridge-" + pool + account.map(appId -> "-" + appId).orElse("");
  }

  /**
   * Threads from {@code threads}, named {@code <threadPrefix>-1}, {@code -2}, … (a null from {@code
   * threads}, its refusal, stays null).
   */
  public ThreadFactory naming(ThreadFactory threads) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = threads.newThread(task);
      if (thread != null) {
        thread.setName(threadPrefix() + "-" + count.incrementAndGet());
      }
      return thread;
    };
  }
}
