package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
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
 * is recorded delivered. The database is asked every second while the lease certainly runs ({@link
 * LeaseWindow}); a look-up that finds nothing is repeated twice. A row of a WeChat retry has
 * another receipt time; a forward Udesk did not take is left to the lease (the push is then handed
 * to Udesk again: it may not have reached it).
 */
@ApplicationScoped
public class UnrecordedForwards {
  private static final Logger LOG = Logger.getLogger(UnrecordedForwards.class.getName());

  /**
   * Look-ups that find nothing before one is given up: the first may come while the database is
   * still finishing that commit (a statement begun beside it may not see it yet).
   */
  static final int LOOK_UPS_FINDING_NOTHING = 3;

  private static final int QUEUE = 10_000;

  @Inject DatabaseClock clock;
  @Inject BridgeDatabase database;
  @Inject InboxStore store;
  @Inject OutcomeSettlement settlement;
  @Inject InboxSettings settings;
  @Inject LeaseWindow window;
  @Inject OutboundPools pools;

  private ExecutorService lookUps;
  private final AtomicLong dropped = new AtomicLong();

  @PostConstruct
  void start() {
    lookUps = pools.bounded(PoolName.of("inbox-unrecorded-lookup"), 1, QUEUE);
  }

  /** A push forwarded without the inbox, to look up once Udesk took it. */
  private record LookUp(
      Account account,
      PushIdentity identity,
      long recordedAt,
      UdeskDelivery delivery,
      long giveUpAt,
      int foundNothing) {

    LookUp foundNothingAgain() {
      return new LookUp(account, identity, recordedAt, delivery, giveUpAt, foundNothing + 1);
    }
  }

  /**
   * @param recordedAt when its record began (its lease's start, had it been committed)
   */
  public void settleIfRecorded(
      Account account,
      PushIdentity identity,
      long recordedAt,
      CompletionStage<UdeskDelivery> forward) {
    long giveUpAt = window.endFor(recordedAt);
    forward.thenAccept(
        delivery -> {
          if (delivery.taken()) {
            LookUp lookUp = new LookUp(account, identity, recordedAt, delivery, giveUpAt, 0);
            try {
              lookUps.execute(() -> lookUp(lookUp)); // not on the forward's thread
            } catch (RejectedExecutionException refused) {
              notLookedUp(lookUp);
            }
          }
        });
  }

  private void lookUp(LookUp lookUp) {
    if (store.stopping() || window.over(lookUp.giveUpAt())) {
      return; // if it was recorded, it is handed to Udesk again after its lease (at-least-once)
    }
    Optional<DataSource> db = database.ready();
    if (db.isPresent()) {
      try {
        Optional<RecordedPush> found =
            store.find(db.get(), lookUp.account().appId(), lookUp.identity());
        if (found.isEmpty() && lookUp.foundNothing() + 1 < LOOK_UPS_FINDING_NOTHING) {
          again(lookUp.foundNothingAgain());
        }
        found
            .filter(push -> recordedByThatForward(push, lookUp.recordedAt()))
            .ifPresent(push -> settle(lookUp, push));
        return;
      } catch (SQLException | RuntimeException failure) {
        // e.g. Payara's pool wrapping the failure of a connection PostgreSQL closed
        database.failed(failure instanceof SQLException sql ? sql : new SQLException(failure));
      }
    }
    again(lookUp);
  }

  /** The row that failed record wrote: its receipt time, and no attempt recorded yet. */
  private static boolean recordedByThatForward(RecordedPush push, long recordedAt) {
    return push.state() == EntryState.SENDING
        && push.entry().attempts() == 0
        && push.entry().receivedAt() == recordedAt;
  }

  private void again(LookUp lookUp) {
    window.later(lookUp.giveUpAt(), lookUps, () -> lookUp(lookUp), () -> notLookedUp(lookUp));
  }

  private void notLookedUp(LookUp lookUp) {
    if (lookUps.isShutdown()) {
      return; // the bridge stops
    }
    long count = dropped.incrementAndGet();
    if (Long.bitCount(count) != 1) {
      return; // logged at the 1st, 2nd, 4th, 8th... only: a full queue must not flood the log
    }
    LOG.warning(
        () ->
            lookUp.account().appId()
                + ": a push forwarded while its record failed was not looked up ("
                + QUEUE
                + " waiting; "
                + count
                + " so far); if it was recorded after all, it goes to Udesk again after its lease");
  }

  private void settle(LookUp lookUp, RecordedPush push) {
    LOG.info(
        () ->
            lookUp.account().appId()
                + ": "
                + push.entry().description()
                + " was recorded after all when it went to Udesk without the inbox; recording "
                + "that Udesk took it");
    long nextAttempt = clock.millis() + settings.backoffMillis(1);
    settlement.settleTaken(
        lookUp.account(), push.entry(), lookUp.delivery(), nextAttempt, lookUp.giveUpAt());
  }
}
