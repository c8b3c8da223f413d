package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.forward.control.UdeskInbox;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.inbox.entity.ReplySend;
import io.wxbridge.inbox.entity.UnsentReply;
import io.wxbridge.outbound.control.OutboundPools;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One attempt to hand a recorded push to Udesk, and what the inbox makes of it. WeChat (when it is
 * still waiting) gets Udesk's answer if it comes within bridge.udesk.reply-timeout; the bridge
 * keeps waiting up to bridge.udesk.late-reply-timeout, and an answer that comes later reaches the
 * follower as a customer-service message. What Udesk took is stored as DELIVERED with its answer
 * (WeChat's retries get it); what it provably did not take, or never answered, is pending again
 * with exponential back-off, or expired once older than bridge.inbox.max-age.
 *
 * <p>"Reached Udesk, no answer" (no answer within late-reply-timeout) is delivered again:
 * at-least-once (docs/inbox.md says why).
 */
@ApplicationScoped
public class InboxDeliveries {
  /** Outcomes wait on the database's group commit, so a few threads keep it fed. */
  static final int OUTCOME_THREADS = 4;

  /** Threads sending late replies as customer-service messages (each may wait on WeChat's API). */
  static final int SENDER_THREADS = 8;

  static final int OUTCOME_QUEUE = 100_000;

  private static final Logger LOG = Logger.getLogger(InboxDeliveries.class.getName());

  @Inject UdeskInbox udesk;
  @Inject InboxStore store;
  @Inject InboxOutcomes outcomes;
  @Inject BridgeDatabase database;
  @Inject InboxSettings settings;
  @Inject CustomerServiceReplies replies;
  @Inject Redelivery redelivery;
  @Inject Event<InboxEvent> events;
  @Inject InboxWork work;

  @Inject OutboundPools pools;

  /**
   * Records outcomes off the thread that brought them. A pool of its own, not the container's
   * executor: Payara's captures the caller's context per task (a ServiceLoader lookup, 6 % of a
   * push's CPU in a profile); these threads carry the application's context from their creation.
   */
  private ExecutorService recorders;

  private ExecutorService senders;

  /** Late replies queued or being sent on this instance (a pass must not queue them twice). */
  private final Set<Long> repliesHere = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void start() {
    recorders = pools.bounded(OUTCOME_THREADS, OUTCOME_QUEUE);
    senders = pools.bounded(SENDER_THREADS, OUTCOME_QUEUE);
  }

  /**
   * @param wechatWaiting true on the push's first attempt, while WeChat waits for its answer; false
   *     for a redelivery (WeChat was answered long ago, so any reply goes as a customer-service
   *     message)
   * @return what WeChat should be answered, by bridge.udesk.reply-timeout at the latest
   */
  public CompletionStage<UdeskDelivery> attempt(
      Account account, InboxEntry entry, boolean wechatWaiting) {
    work.enter(); // done once the outcome is recorded: a stop waits for it
    UdeskPush push = new UdeskPush(entry.appId(), entry.message(), entry.description());
    long timeout = settings.replyTimeoutMillis();
    CompletableFuture<UdeskDelivery> forWeChat = new CompletableFuture<>();
    if (wechatWaiting) {
      // the JDK's timer only fires it; answering WeChat (sealing, writing, logging) runs on the
      // bounded completion pool, never on that one JVM-wide thread; logged first, so the log has
      // the line when WeChat has its answer
      CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS, udesk.completions())
          .execute(
              () -> {
                if (!forWeChat.isDone()) {
                  LOG.warning(
                      () ->
                          entry.appId()
                              + ": "
                              + entry.description()
                              + " did not reach Udesk: timed out after "
                              + timeout
                              + " ms; WeChat gets an empty answer, the bridge waits for Udesk's answer up to "
                              + settings.lateReplyTimeoutMillis()
                              + " ms");
                  forWeChat.complete(UdeskDelivery.timedOut(Duration.ofMillis(timeout)));
                }
              });
    } else {
      forWeChat.cancel(false); // WeChat was answered long ago
    }
    udesk
        .attempt(account, push, settings.lateReplyTimeoutMillis())
        .whenComplete(
            (delivery, failure) -> {
              UdeskDelivery outcome =
                  delivery != null
                      ? delivery
                      : UdeskDelivery.unreachable(String.valueOf(failure), Duration.ZERO);
              long now = System.currentTimeMillis();
              int failures = entry.attempts() + 1;
              boolean expire =
                  !outcome.taken() && now - entry.receivedAt() > settings.maxAge().toMillis();
              long nextAttempt = now + settings.backoffMillis(failures);
              logOutcome(entry, outcome, expire, nextAttempt - now);
              // WeChat first: recording the outcome is not on its clock (a retry meanwhile waits
              // for it)
              boolean late = !forWeChat.complete(outcome);
              Runnable record =
                  () -> {
                    try {
                      settle(account, entry, outcome, late, expire, nextAttempt);
                      if (!wechatWaiting) {
                        redelivery.redelivered(entry.appId());
                      }
                    } finally {
                      work.done();
                    }
                  };
              try {
                recorders.execute(record);
              } catch (RejectedExecutionException shuttingDown) {
                work.done();
                if (!wechatWaiting) {
                  redelivery.redelivered(entry.appId()); // its place in flight is free again
                }
                LOG.warning(
                    () ->
                        entry.appId()
                            + ": "
                            + entry.description()
                            + ": outcome not recorded (shutting down); "
                            + "handed to Udesk again once its lease runs out");
              }
              count(entry, outcome, wechatWaiting, late, expire);
            });
    return forWeChat;
  }

  private void count(
      InboxEntry entry, UdeskDelivery outcome, boolean firstAttempt, boolean late, boolean expire) {
    if (firstAttempt && late && outcome.delivered()) {
      events.fire(new InboxEvent(entry.appId(), InboxEvent.Kind.LATE_REPLY));
    }
    if (!firstAttempt) {
      events.fire(
          new InboxEvent(
              entry.appId(),
              outcome.taken() ? InboxEvent.Kind.REDELIVERED : InboxEvent.Kind.REDELIVERY_FAILED));
    }
    if (expire) {
      events.fire(new InboxEvent(entry.appId(), InboxEvent.Kind.EXPIRED));
    }
  }

  private static void logOutcome(
      InboxEntry entry, UdeskDelivery delivery, boolean expire, long backoff) {
    if (delivery.delivered()) {
      return;
    }
    if (delivery.taken()) {
      LOG.warning(
          () ->
              entry.appId()
                  + ": "
                  + entry.description()
                  + " did not reach Udesk: "
                  + delivery.summary()
                  + "; Udesk answered 2xx, so it is not sent again");
      return;
    }
    LOG.warning(
        () ->
            entry.appId()
                + ": "
                + entry.description()
                + " did not reach Udesk: "
                + delivery.summary()
                + (delivery.status() == UdeskDelivery.Status.TIMED_OUT
                    ? " (Udesk may still have received it)"
                    : "")
                + (expire
                    ? "; older than bridge.inbox.max-age: EXPIRED, kept in the inbox ("
                        + entry.identity()
                        + ")"
                    : "; kept in the inbox, attempt "
                        + (entry.attempts() + 2)
                        + " in "
                        + backoff
                        + " ms"));
  }

  /** Records the outcome; sends a reply WeChat could not take as a customer-service message. */
  private void settle(
      Account account,
      InboxEntry entry,
      UdeskDelivery delivery,
      boolean late,
      boolean expire,
      long nextAttempt) {
    Optional<DataSource> db = database.ready();
    try {
      if (!delivery.taken()) {
        if (db.isPresent()) {
          outcomes.failed(db.get(), entry.id(), delivery.summary(), nextAttempt, expire);
        }
        return;
      }
      // a reply WeChat could not take goes to the follower as a customer-service message
      boolean separately = delivery.delivered() && late && delivery.body().length > 0;
      boolean followerWaits =
          db.isPresent()
              && outcomes.delivered(
                  db.get(), entry.id(), delivery.body(), System.currentTimeMillis(), separately);
      if (delivery.delivered() && late) {
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
        sendSeparately(
            account, entry, delivery.body(), db.filter(any -> separately), followerWaits);
      } else if (followerWaits) {
        redelivery.wakeUp(); // the follower's next push can go now, not at the next pass
      }
    } catch (SQLException failure) {
      database.failed(failure);
      LOG.log(
          Level.WARNING,
          "{0}: the outcome of {1} could not be recorded; it will be handed to Udesk again "
              + "once its lease runs out",
          new Object[] {entry.appId(), entry.description()});
    }
  }

  /**
   * A late reply still to go to the follower, claimed by a redelivery pass: its sender stopped
   * (died, or lost the database) before it recorded the send, or WeChat's API gave no conclusive
   * answer. If a first send had reached WeChat, the follower gets it twice; a reply is never
   * dropped for that (docs/inbox.md). One older than bridge.inbox.max-age is given up: WeChat no
   * longer takes it.
   */
  public void sendAgain(Account account, UnsentReply unsent, DataSource db) {
    InboxEntry entry = unsent.push();
    if (repliesHere.contains(entry.id())) {
      return; // queued or being sent on this instance: that try records what became of it
    }
    long now = System.currentTimeMillis();
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
      sendSeparately(account, entry, unsent.reply(), Optional.of(db), false);
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
  private void sendSeparately(
      Account account,
      InboxEntry entry,
      byte[] reply,
      Optional<DataSource> recordIn,
      boolean followerWaits) {
    Runnable send =
        () -> {
          try {
            if (recordIn.isEmpty()
                || outcomes.replyStarts(recordIn.get(), entry.id(), System.currentTimeMillis())) {
              ReplySend outcome =
                  replies.send(account, reply, entry.identity().follower(), entry.description());
              if (recordIn.isPresent()) {
                outcomes.replySent(recordIn.get(), entry.id(), outcome, System.currentTimeMillis());
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
      send.run();
    }
  }
}
