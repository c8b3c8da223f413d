package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.ReplySend;
import io.wxbridge.inbox.entity.UnsentReply;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import io.wxbridge.wechatxml.entity.PassiveAnswer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Udesk's replies that WeChat can no longer take (it was answered empty already) on their way to
 * the follower as customer-service messages ({@link CustomerServiceReplies}): held under a lease
 * while they are sent, recorded SENT or FAILED, tried again after an inconclusive answer, and sent
 * again by a redelivery pass when their sender stopped before recording them (docs/inbox.md).
 */
@ApplicationScoped
public class LateReplies {
  static final int SEND_QUEUE = 100_000;

  private static final Logger LOG = Logger.getLogger(LateReplies.class.getName());

  @Inject DatabaseClock clock;
  @Inject InboxOutcomes outcomes;
  @Inject BridgeDatabase database;
  @Inject InboxSettings settings;
  @Inject CustomerServiceReplies replies;
  @Inject Redelivery redelivery;
  @Inject InboxWork work;
  @Inject OutboundPools pools;

  /** Threads sending late replies, shared by every account (each may wait on WeChat's API). */
  @Inject
  @ConfigProperty(name = "bridge.inbox.late-reply-senders")
  int senderThreads;

  private ExecutorService senders;

  /** Late replies queued or being sent on this instance (a pass must not queue them twice). */
  private final Set<Long> repliesHere = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void start() {
    senders = pools.bounded(PoolName.of("late-reply-send"), Math.max(1, senderThreads), SEND_QUEUE);
  }

  /**
   * A late reply still to go to the follower, claimed by a redelivery pass: its sender stopped
   * (died, or lost the database) before it recorded the send, WeChat's API gave no conclusive
   * answer, or the senders' queue was full when it came ({@link #send}). If a first send had
   * reached WeChat, the follower gets it twice; a reply is dropped for that only after two sends
   * that may have gone through (docs/inbox.md). One older than bridge.inbox.max-age is given up:
   * WeChat no longer takes it.
   */
  public void sendAgain(Account account, UnsentReply unsent, DataSource db) {
    InboxEntry entry = unsent.push();
    if (repliesHere.contains(entry.id())) {
      return; // queued or being sent on this instance: that try records what became of it
    }
    long now = clock.millis();
    boolean tooOld = now - unsent.answeredAt() > settings.maxAge().toMillis();
    LOG.warning(
        () ->
            entry.appId()
                + ": Udesk's reply to "
                + entry.description()
                + " is not recorded as sent to the follower"
                + (tooOld
                    ? " and older than bridge.inbox.max-age (WeChat no longer takes it): FAILED"
                    : "; sending it (again) as a customer-service message"));
    if (!tooOld) {
      send(account, entry, unsent.reply(), Optional.of(db), false);
      return;
    }
    try {
      outcomes.replySent(db, entry.id(), ReplySend.REFUSED, now);
    } catch (SQLException failure) {
      database.failed(failure);
    }
  }

  /**
   * The customer-service message goes out on a pool of its own: a slow WeChat API holds these
   * threads, not the ones recording every account's outcomes (whose leases would run out). The
   * reply's lease is renewed when its send begins, so that its wait in this pool's queue does not
   * count; one another instance took meanwhile is not sent here. The follower's next push is woken
   * only after the send (the reply of a push that waited behind this one comes after it; a reply
   * sent again after its lease may come after later ones).
   */
  void send(
      Account account,
      InboxEntry entry,
      byte[] reply,
      Optional<DataSource> recordIn,
      boolean followerWaits) {
    Runnable send =
        () -> {
          try {
            if (recordIn.isEmpty()
                || outcomes.replyStarts(recordIn.get(), entry.id(), clock.millis())) {
              ReplySend outcome =
                  replies.send(account, reply, entry.identity().follower(), entry.description());
              if (recordIn.isPresent()) {
                outcomes.replySent(recordIn.get(), entry.id(), outcome, clock.millis());
              }
            }
          } catch (SQLException failure) {
            database.failed(failure);
          } finally {
            repliesHere.remove(entry.id());
            if (followerWaits) {
              redelivery.wakeUp();
            }
            work.done();
          }
        };
    if (recordIn.isPresent()) {
      repliesHere.add(entry.id());
    }
    work.enter(); // a stop waits for the send, as for the outcome
    try {
      senders.execute(send);
    } catch (RejectedExecutionException full) {
      // not sent on this thread: it records every account's outcomes (or runs a redelivery
      // pass), and a WeChat API slow enough to fill the queue would hold it for each reply
      repliesHere.remove(entry.id());
      work.done();
      if (followerWaits) {
        redelivery.wakeUp(); // as after a send: the reply no longer holds the follower's next push
      }
      if (!PassiveAnswer.saysNothing(reply)) {
        logNotSentNow(entry, recordIn.isPresent(), full);
      }
    }
  }

  private static void logNotSentNow(
      InboxEntry entry, boolean recorded, RejectedExecutionException why) {
    LOG.warning(
        () ->
            entry.appId()
                + ": Udesk's reply to "
                + entry.description()
                + " not sent now ("
                + why.getMessage()
                + "): "
                + (recorded
                    ? "a redelivery pass sends it once its lease runs out"
                    : "not recorded (no database), so the follower does not get it"));
  }
}
