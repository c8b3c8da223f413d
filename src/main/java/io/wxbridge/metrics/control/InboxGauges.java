package io.wxbridge.metrics.control;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.inbox.control.InboxStatus;
import io.wxbridge.inbox.entity.AccountInboxCounts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The inbox's backlog and the age of its oldest pending push per account, as gauges. They are read
 * from the inbox's status query (the one /admin/status uses) when metrics are scraped, at most once
 * every {@value #READ_EVERY_SECONDS} s however often Prometheus scrapes; NaN while the inbox is off
 * or its database unreachable.
 */
@ApplicationScoped
public class InboxGauges {
  static final long READ_EVERY_SECONDS = 10;

  @Inject MeterRegistry registry;
  @Inject InboxStatus inbox;
  @Inject Accounts accounts;

  private final Map<String, AccountGauges> byAccount = new ConcurrentHashMap<>();
  private long lastRead;
  private boolean read;

  /**
   * The inbox writer's commits, read when scraped: against {@code bridge_pushes_total} it shows how
   * many pushes share one (group commit), the inbox's main cost on a push.
   */
  @PostConstruct
  void registerCommits() {
    FunctionCounter.builder("bridge.inbox.commits", inbox, InboxStatus::commits)
        .description("transactions the inbox's writer committed")
        .register(registry);
  }

  /** Reads the inbox again unless it was read less than {@value #READ_EVERY_SECONDS} s ago. */
  public synchronized void refresh() {
    long now = System.nanoTime();
    if (read && now - lastRead < TimeUnit.SECONDS.toNanos(READ_EVERY_SECONDS)) {
      return;
    }
    read = true;
    lastRead = now;
    for (Account account : accounts.all()) {
      gauges(account.appId().value());
    }
    Optional<List<AccountInboxCounts>> counts = inbox.counts();
    double none = counts.isPresent() ? 0 : Double.NaN;
    byAccount.values().forEach(gauges -> gauges.set(none, none, none, none, none));
    counts.ifPresent(
        all ->
            all.forEach(
                account ->
                    gauges(account.appId())
                        .set(
                            account.pending(),
                            account.retrying(),
                            account.expired(),
                            account.oldestPending().map(age -> age.toMillis() / 1000.0).orElse(0.0),
                            account.unsentReplies())));
  }

  private AccountGauges gauges(String appId) {
    return byAccount.computeIfAbsent(appId, id -> new AccountGauges(registry, id));
  }

  /** One account's gauges; Micrometer reads the fields when it writes the text format. */
  private static final class AccountGauges {
    private volatile double pending;
    private volatile double retrying;
    private volatile double expired;
    private volatile double oldestSeconds;
    private volatile double unsentReplies;

    AccountGauges(MeterRegistry registry, String appId) {
      backlog(registry, appId, "pending", g -> g.pending);
      backlog(registry, appId, "retrying", g -> g.retrying);
      backlog(registry, appId, "expired", g -> g.expired);
      backlog(registry, appId, "unsent_reply", g -> g.unsentReplies);
      Gauge.builder("bridge.inbox.oldest.pending", this, g -> g.oldestSeconds)
          .tags("account", appId)
          .baseUnit("seconds")
          .register(registry);
    }

    private void backlog(
        MeterRegistry registry,
        String appId,
        String state,
        java.util.function.ToDoubleFunction<AccountGauges> value) {
      Gauge.builder("bridge.inbox.backlog", this, value)
          .tags("account", appId, "state", state)
          .register(registry);
    }

    void set(
        double pending,
        double retrying,
        double expired,
        double oldestSeconds,
        double unsentReplies) {
      this.pending = pending;
      this.unsentReplies = unsentReplies;
      this.retrying = retrying;
      this.expired = expired;
      this.oldestSeconds = oldestSeconds;
    }
  }
}
