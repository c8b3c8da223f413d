package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.outbound.control.OutboundPools;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Pushes that went to Udesk without the inbox because recording them failed, whose record was
 * committed all the same: PostgreSQL, stopped inside the commit, finished it when it resumed, while
 * the bridge's connection had timed out and reported the commit failed. Such a row is leased to
 * this instance and was handed to Udesk a second time after the lease, the reply reaching the
 * follower twice (a probe saw 10 pushes so in 30 stalls of 5-8 s). Once the forward's outcome is
 * known, and Udesk took it, the push is looked up by its identity; found as the row that record
 * wrote (its receipt time, SENDING, no attempt recorded; the update's guard adds: leased here), it
 * is recorded delivered. The database is asked every second while the lease certainly runs. A row
 * of a WeChat retry has another receipt time; a forward Udesk did not take is left to the lease
 * (the push is then handed to Udesk again: it may not have reached it).
 */
@ApplicationScoped
public class UnrecordedForwards {
  private static final Logger LOG = Logger.getLogger(UnrecordedForwards.class.getName());

  private static final long RETRY_MILLIS = 1_000;

  @Inject BridgeDatabase database;
  @Inject InboxStore store;
  @Inject OutcomeSettlement settlement;
  @Inject InboxSettings settings;
  @Inject InboxTimers timers;
  @Inject OutboundPools pools;
  @Inject InboxWork work;

  private ExecutorService lookUps;

  @PostConstruct
  void start() {
    lookUps = pools.bounded(1, 10_000);
  }

  /**
   * @param recordedAt when its record began (its lease's start, had it been committed)
   */
  public void settleIfRecorded(
      Account account,
      PushIdentity identity,
      long recordedAt,
      CompletionStage<UdeskDelivery> forward) {
    long giveUpAt =
        recordedAt + settings.leaseMillis() - settings.lateReplyTimeoutMillis() - RETRY_MILLIS;
    forward.thenAcceptAsync(
        delivery -> {
          if (delivery.taken()) {
            lookUp(account, identity, recordedAt, delivery, giveUpAt);
          }
        },
        lookUps);
  }

  private void lookUp(
      Account account,
      PushIdentity identity,
      long recordedAt,
      UdeskDelivery delivery,
      long giveUpAt) {
    if (work.closed() || store.stopping() || System.currentTimeMillis() > giveUpAt) {
      return; // if it was recorded, it is handed to Udesk again after its lease (at-least-once)
    }
    Optional<DataSource> db = database.ready();
    if (db.isPresent()) {
      try {
        store
            .find(db.get(), account.appId(), identity)
            .filter(
                push ->
                    push.state() == EntryState.SENDING
                        && push.entry().attempts() == 0
                        && push.entry().receivedAt() == recordedAt)
            .ifPresent(push -> settle(account, push, delivery));
        return;
      } catch (SQLException | RuntimeException failure) {
        // e.g. Payara's pool wrapping the failure of a connection PostgreSQL closed
        database.failed(failure instanceof SQLException sql ? sql : new SQLException(failure));
      }
    }
    Runnable again = () -> lookUp(account, identity, recordedAt, delivery, giveUpAt);
    try {
      timers.after(Duration.ofMillis(RETRY_MILLIS), () -> handOn(again));
    } catch (RejectedExecutionException stopping) {
      LOG.fine(() -> account.appId() + ": not looked up, the bridge stops: " + identity);
    }
  }

  /** From the timers' thread, which must not wait for the database. */
  private void handOn(Runnable lookUp) {
    try {
      lookUps.execute(lookUp);
    } catch (RejectedExecutionException stopping) {
      LOG.fine(() -> "A push's record not looked up, the bridge stops: " + stopping);
    }
  }

  private void settle(Account account, RecordedPush push, UdeskDelivery delivery) {
    LOG.info(
        () ->
            account.appId()
                + ": "
                + push.entry().description()
                + " was recorded after all when it went to Udesk without the inbox; recording "
                + "that Udesk took it");
    long nextAttempt = System.currentTimeMillis() + settings.backoffMillis(1);
    settlement.settle(account, push.entry(), delivery, false, false, nextAttempt, () -> {});
  }
}
