package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.forward.control.UdeskInbox;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One attempt to hand a recorded push to Udesk, and what the inbox makes of it. WeChat (when it is
 * still waiting) gets Udesk's answer if it comes within bridge.udesk.reply-timeout; the bridge
 * keeps waiting up to bridge.udesk.late-reply-timeout, and an answer that comes later reaches the
 * follower as a customer-service message. What Udesk took is stored as DELIVERED with its answer
 * (WeChat's retries get it); what it provably did not take, or never answered, is pending again
 * with exponential back-off, or expired once older than bridge.inbox.max-age, or once it is
 * poisoned ({@link PoisonedPushes}: one push Udesk will never take must not hold its follower's
 * later pushes back for max-age).
 *
 * <p>"Reached Udesk, no answer" (no answer within late-reply-timeout) is delivered again:
 * at-least-once (docs/inbox.md says why).
 */
@ApplicationScoped
public class InboxDeliveries {
  /** Outcomes wait on the database's group commit, so a few threads keep it fed. */
  static final int OUTCOME_THREADS = 4;

  static final int OUTCOME_QUEUE = 100_000;

  private static final Logger LOG = Logger.getLogger(InboxDeliveries.class.getName());

  @Inject DatabaseClock clock;
  @Inject UdeskInbox udesk;
  @Inject InboxSettings settings;
  @Inject Redelivery redelivery;
  @Inject Event<InboxEvent> events;
  @Inject InboxWork work;
  @Inject OutcomeSettlement settlement;

  @Inject OutboundPools pools;

  /**
   * Records outcomes off the thread that brought them. A pool of its own, not the container's
   * executor: Payara's captures the caller's context per task (a ServiceLoader lookup, 6 % of a
   * push's CPU in a profile); these threads carry the application's context from their creation.
   */
  private ExecutorService recorders;

  private PoisonedPushes poisoned;

  @PostConstruct
  void start() {
    recorders = pools.bounded(PoolName.of("inbox-outcome"), OUTCOME_THREADS, OUTCOME_QUEUE);
    // a push still tried here is refused again within max-backoff: twice that is long ago
    poisoned = new PoisonedPushes(2 * settings.backoffMillis(Integer.MAX_VALUE));
  }

  /**
   * A push's first attempt, while WeChat waits for its answer.
   *
   * @param answerWithinMillis what is left of bridge.udesk.reply-timeout once the push is recorded:
   *     recording may have waited for the database, and WeChat's deadline ran on meanwhile
   * @return what WeChat should be answered, within {@code answerWithinMillis}
   */
  public CompletionStage<UdeskDelivery> firstAttempt(
      Account account, InboxEntry entry, long answerWithinMillis) {
    return attempt(account, entry, true, answerWithinMillis);
  }

  /**
   * A redelivery: WeChat was answered long ago, so any reply goes as a customer-service message.
   */
  public CompletionStage<UdeskDelivery> redeliver(Account account, InboxEntry entry) {
    return attempt(account, entry, false, 0);
  }

  private CompletionStage<UdeskDelivery> attempt(
      Account account, InboxEntry entry, boolean wechatWaiting, long timeout) {
    work.enter(); // done once the outcome is recorded: a stop waits for it
    UdeskPush push = new UdeskPush(entry.appId(), entry.message(), entry.description());
    CompletableFuture<UdeskDelivery> forWeChat = new CompletableFuture<>();
    Future<?> deadline;
    if (wechatWaiting) {
      // the timer only fires it; answering WeChat (sealing, writing, logging) runs on the bounded
      // completion pool; logged first, so the log has the line when WeChat has its answer.
      // Cancelled when Udesk answers in time, as it usually does.
      deadline = deadline(entry, forWeChat, timeout);
    } else {
      forWeChat.cancel(false); // WeChat was answered long ago
      deadline = forWeChat; // nothing to cancel
    }
    long sentAt = clock.millis();
    udesk
        .attempt(account, push, settings.lateReplyTimeoutMillis())
        .whenComplete(
            (delivery, failure) -> {
              UdeskDelivery outcome =
                  delivery != null
                      ? delivery
                      : UdeskDelivery.unreachable(String.valueOf(failure), Duration.ZERO);
              long now = clock.millis();
              int failures = entry.attempts() + 1;
              boolean refusedForGood =
                  poisoned.poisoned(
                      entry.appId(),
                      entry.id(),
                      outcome,
                      sentAt,
                      now,
                      settings.refusalsBeforeExpiry());
              boolean tooOld =
                  !outcome.taken() && now - entry.receivedAt() > settings.maxAge().toMillis();
              if (tooOld) {
                poisoned.forget(entry.id());
              }
              boolean expire = tooOld || refusedForGood;
              long nextAttempt = now + settings.backoffMillis(failures);
              // logged before WeChat's answer, so before the record: a stale attempt's record
              // changes nothing, and OutcomeSettlement then says so
              logOutcome(entry, outcome, tooOld, refusedForGood, nextAttempt - now);
              // WeChat first: recording the outcome is not on its clock (a retry meanwhile waits
              // for it)
              boolean late = !forWeChat.complete(outcome);
              deadline.cancel(false);
              // done once recorded or given up, which may be after retries (OutcomeSettlement)
              Runnable settled =
                  () -> {
                    try {
                      if (!wechatWaiting) {
                        redelivery.redelivered(entry.appId());
                      }
                    } finally {
                      work.done();
                    }
                  };
              Runnable record =
                  () ->
                      settlement.settle(
                          account, entry, outcome, late, expire, nextAttempt, now, settled);
              if (!handOff(recorders, record)) {
                settled.run();
                String why =
                    work.closed()
                        ? "shutting down"
                        : OUTCOME_QUEUE + " outcomes queued: the database is far behind the load";
                LOG.warning(
                    () ->
                        entry.appId()
                            + ": "
                            + entry.description()
                            + ": outcome not recorded ("
                            + why
                            + "); handed to Udesk again once its lease runs out");
              }
              count(entry, outcome, wechatWaiting, late);
            });
    return forWeChat;
  }

  /**
   * Hands an outcome's recording to the recorders. Their queue is bounded (each outcome holds the
   * push and Udesk's answer): one that is full means a database far behind the load, and the
   * outcome is then left to the lease (the push is delivered again, at least once), as while the
   * bridge stops. Never recorded on the caller's thread: it may be a request thread or the
   * completion pool's, which answer WeChat.
   *
   * @return false when the recorders refused it
   */
  static boolean handOff(Executor recorders, Runnable record) {
    try {
      recorders.execute(record);
      return true;
    } catch (RejectedExecutionException stoppingOrFull) {
      return false;
    }
  }

  private Future<?> deadline(
      InboxEntry entry, CompletableFuture<UdeskDelivery> forWeChat, long left) {
    // nothing left when waiting for the database took WeChat's time: answered at once
    long timeout = Math.max(0, left);
    Runnable timedOut =
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
        };
    try {
      return udesk.onCompletionsAfter(timeout, timedOut);
    } catch (RejectedExecutionException stopped) {
      // the bridge's timers are stopping: the JDK's timer still keeps WeChat's deadline
      CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS, udesk.completions())
          .execute(timedOut);
      return forWeChat;
    }
  }

  /** Expiries are counted once recorded (OutcomeSettlement). */
  private void count(InboxEntry entry, UdeskDelivery outcome, boolean firstAttempt, boolean late) {
    if (firstAttempt && late && outcome.delivered()) {
      events.fire(new InboxEvent(entry.appId(), InboxEvent.Kind.LATE_REPLY));
    }
    if (!firstAttempt) {
      events.fire(
          new InboxEvent(
              entry.appId(),
              outcome.taken() ? InboxEvent.Kind.REDELIVERED : InboxEvent.Kind.REDELIVERY_FAILED));
    }
  }

  private static void logOutcome(
      InboxEntry entry,
      UdeskDelivery delivery,
      boolean tooOld,
      boolean refusedForGood,
      long backoff) {
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
                + (tooOld
                    ? "; older than bridge.inbox.max-age: EXPIRED, kept in the inbox (identity "
                        + entry.identity()
                        + ", inbox id "
                        + entry.id()
                        + ")"
                    : refusedForGood
                        ? "; refused for itself at bridge.inbox.refusals-before-expiry"
                            + " attempts in a row while Udesk took the account's other pushes:"
                            + " EXPIRED, kept in the inbox (identity "
                            + entry.identity()
                            + ", inbox id "
                            + entry.id()
                            + "); its follower's later pushes go on"
                        : "; kept in the inbox, attempt "
                            + (entry.attempts() + 2)
                            + " in "
                            + backoff
                            + " ms"));
  }
}
