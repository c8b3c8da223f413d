package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** What an attempt's outcome leaves behind: its record in the inbox, and a late reply sent. */
@ApplicationScoped
public class OutcomeSettlement {
  private static final Logger LOG = Logger.getLogger(OutcomeSettlement.class.getName());

  private static final int RETRY_THREADS = 2;
  private static final int RETRY_QUEUE = 100_000;

  /** Without the database: nothing recorded, the answer passed on as the attempt's own. */
  private static final InboxOutcomes.Delivered UNRECORDED =
      new InboxOutcomes.Delivered(true, false);

  @Inject DatabaseClock clock;
  @Inject InboxOutcomes outcomes;
  @Inject BridgeDatabase database;
  @Inject LateReplies lateReplies;
  @Inject Redelivery redelivery;
  @Inject LeaseWindow window;
  @Inject OutboundPools pools;
  @Inject Event<InboxEvent> events;

  private ExecutorService retries;

  @PostConstruct
  void start() {
    retries = pools.bounded(PoolName.of("inbox-outcome-retry"), RETRY_THREADS, RETRY_QUEUE);
  }

  /**
   * Records the outcome; a reply WeChat could not take goes to the follower as a customer-service
   * message ({@link LateReplies}). An outcome the database cannot take now (it stalls or is off for
   * a moment) is tried again within the {@link LeaseWindow} from Udesk's answer: a probe stalled
   * PostgreSQL for 3 s and 7 pushes, their outcomes dropped, reached Udesk and their followers a
   * second time after the lease. Not once the bridge stops.
   *
   * @param answeredAt when Udesk's answer (or the attempt's end) came: the window counts from then,
   *     not from when a recorder thread took the outcome up, which may be seconds later
   * @param settled run once, when the outcome is recorded or given up (the stop waits for it)
   */
  public void settle(
      Account account,
      InboxEntry entry,
      UdeskDelivery delivery,
      boolean late,
      boolean expire,
      long nextAttempt,
      long answeredAt,
      Runnable settled) {
    long giveUpAt = window.endFor(answeredAt);
    settle(new Pending(account, entry, delivery, late, expire, nextAttempt, giveUpAt, settled));
  }

  /**
   * Records that Udesk took a push's forward (in time, nothing left to send), tried again until
   * {@code giveUpAt}, the end of the {@link LeaseWindow} of the push's attempt.
   */
  public void settleTaken(
      Account account, InboxEntry entry, UdeskDelivery delivery, long nextAttempt, long giveUpAt) {
    settle(new Pending(account, entry, delivery, false, false, nextAttempt, giveUpAt, () -> {}));
  }

  /** An outcome on its way to the inbox. */
  private record Pending(
      Account account,
      InboxEntry entry,
      UdeskDelivery delivery,
      boolean late,
      boolean expire,
      long nextAttempt,
      long giveUpAt,
      Runnable settled) {}

  private void settle(Pending pending) {
    boolean retrying = false;
    try {
      retrying = record(pending);
    } finally {
      if (!retrying) {
        pending.settled().run();
      }
    }
  }

  /**
   * @return true when it is to be tried again later
   */
  private boolean record(Pending pending) {
    InboxEntry entry = pending.entry();
    UdeskDelivery delivery = pending.delivery();
    Optional<DataSource> db = database.ready();
    if (db.isEmpty() && retried(pending)) {
      return true;
    }
    if (db.isEmpty()) {
      logUnrecorded(entry);
    }
    try {
      if (!delivery.taken()) {
        if (db.isEmpty()) {
          return false;
        }
        if (!outcomes.failed(
            db.get(), entry, delivery.summary(), pending.nextAttempt(), pending.expire())) {
          LOG.log(
              Level.WARNING,
              "{0}: the failure of {1} came after its lease ran out and another attempt took it "
                  + "over; not recorded, so neither expired nor due again as logged when it "
                  + "failed: that attempt decides what becomes of the push",
              new Object[] {entry.appId(), entry.description()});
        } else if (pending.expire()) {
          events.fire(new InboxEvent(entry.appId(), InboxEvent.Kind.EXPIRED));
        }
        return false;
      }
      // a reply WeChat could not take goes to the follower as a customer-service message
      boolean separately = delivery.delivered() && pending.late() && delivery.body().length > 0;
      InboxOutcomes.Delivered recorded =
          db.isPresent()
              ? outcomes.delivered(
                  db.get(), entry, delivery.body(), clock.millis(), separately, pending.giveUpAt())
              : UNRECORDED;
      boolean followerWaits = recorded.followerWaits();
      if (!recorded.forThisAttempt()) {
        logTakenOver(entry);
      } else if (delivery.delivered() && pending.late()) {
        LOG.info(
            () ->
                entry.appId()
                    + ": "
                    + entry.description()
                    + " taken by Udesk, "
                    + delivery.summary()
                    + (entry.attempts() > 0
                        ? " (attempt " + (entry.attempts() + 1) + ")"
                        : " (after WeChat's deadline)"));
        lateReplies.send(
            pending.account(), entry, delivery.body(), db.filter(any -> separately), followerWaits);
      } else if (followerWaits) {
        redelivery.wakeUp(); // the follower's next push can go now, not at the next pass
      }
      return false;
    } catch (SQLException failure) {
      database.failed(failure);
      if (retried(pending)) {
        return true;
      }
      logUnrecorded(entry);
      return false;
    }
  }

  /**
   * Whether recording is tried again later: not once the window is over, nor once the bridge stops
   * (the push is then delivered again after the restart, once its lease is over).
   */
  private boolean retried(Pending pending) {
    return window.later(
        pending.giveUpAt(),
        retries,
        () -> settle(pending),
        () -> {
          logUnrecorded(pending.entry());
          pending.settled().run();
        });
  }

  /**
   * The attempt's lease ran out before its outcome could be recorded, and another attempt took the
   * push over: that one, or a later one, brings Udesk's answer to the follower; this one's would be
   * a second.
   */
  private static void logTakenOver(InboxEntry entry) {
    LOG.log(
        Level.WARNING,
        "{0}: the outcome of {1} came after its lease ran out and another attempt took it over; "
            + "not passed on: the push is delivered again, and Udesk's answer to that reaches the "
            + "follower",
        new Object[] {entry.appId(), entry.description()});
  }

  private static void logUnrecorded(InboxEntry entry) {
    LOG.log(
        Level.WARNING,
        "{0}: the outcome of {1} could not be recorded; it will be handed to Udesk again "
            + "once its lease runs out",
        new Object[] {entry.appId(), entry.description()});
  }
}
