package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.database.control.WriterBusyException;
import io.wxbridge.forward.control.UdeskCapacity;
import io.wxbridge.forward.control.UdeskInbox;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.entity.EntryState;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The push face's way to Udesk when the inbox is on: the push is committed to the inbox first, then
 * forwarded. WeChat's retries are recognised cluster-wide and after restarts: a retry of a push
 * another instance is still forwarding waits for that answer (until WeChat's deadline), one of a
 * push already answered gets the stored answer. While the database is unreachable, pushes go to
 * Udesk as they did without the inbox (in-memory de-duplication only, nothing redelivered).
 */
@ApplicationScoped
public class DurableInbox {
  private static final Logger LOG = Logger.getLogger(DurableInbox.class.getName());
  static final long POLL_MILLIS = 100;

  @Inject DatabaseClock clock;
  @Inject BridgeDatabase database;
  @Inject InboxStore store;
  @Inject PushIdentities identities;
  @Inject InboxDeliveries deliveries;
  @Inject UnrecordedForwards unrecorded;
  @Inject Redelivery redelivery;
  @Inject InboxSettings settings;
  @Inject UdeskInbox udesk;
  @Inject UdeskCapacity capacity;
  @Inject Event<InboxEvent> events;
  @Inject InboxTimers timers;
  @Inject OutboundPools pools;

  /**
   * A retry's lookups of its answer: off the inbox's two timer threads, which the redelivery passes
   * and the file's compaction need, and which a storm of retries on a slow database would hold.
   */
  private ExecutorService lookups;

  @PostConstruct
  void start() {
    lookups = pools.bounded(PoolName.of("inbox-retry-lookup"), LOOKUP_THREADS, LOOKUP_QUEUE);
  }

  static final int LOOKUP_THREADS = 4;
  static final int LOOKUP_QUEUE = 10_000;

  /**
   * Completes by bridge.udesk.reply-timeout with what WeChat should be answered; exceptionally only
   * with an {@link InboxStoppingException}.
   *
   * @param fields the message's fields when the push face has read them already ({@code FlatXml},
   *     the shape {@link InboxXml#pushFields} reads): they identify the push without a second
   *     reading (3 % of a push's CPU in a profile)
   * @param arrivedNanos System.nanoTime() when WeChat's request arrived: a recorded push's deadline
   *     runs from then, also while its replay check waited for the database
   */
  public CompletionStage<UdeskDelivery> deliver(
      Account account, UdeskPush push, Optional<Map<String, String>> fields, long arrivedNanos) {
    long started = System.nanoTime();
    Optional<DataSource> db = database.ready();
    if (db.isEmpty()) {
      // Unrecorded, a reply Udesk gives after WeChat's answer is lost (there is no late reply
      // without the inbox), while an answer after WeChat's deadline still reaches the follower
      // through WeChat's retry, which shares it (RecentPushes): Udesk gets the whole reply
      // timeout from here. A probe that cut it to WeChat's deadline lost 445 of 2,680 replies
      // while PostgreSQL stalled.
      return udesk.forward(account, push);
    }
    RecordedPush recorded;
    PushIdentity identity = identities.of(push.message(), fields);
    long now = clock.millis();
    try {
      recorded =
          store.record(
              db.get(),
              account.appId(),
              identity,
              push.description(),
              push.message(),
              now,
              !capacity.holdNewPushes(account.appId()));
    } catch (SQLException | RuntimeException failure) {
      if (store.stopping()) {
        // the database closes under a stop: forwarded unrecorded, the push would be answered
        // empty while Udesk's clients close too, and WeChat would not send it again
        return CompletableFuture.failedFuture(new InboxStoppingException());
      }
      // Payara's pool wraps some failures of a connection PostgreSQL closed (e.g. its rollback) in
      // an UndeclaredThrowableException: that must not turn a push into a 500 either
      database.failed(failure instanceof SQLException sql ? sql : new SQLException(failure));
      // what is left of the reply timeout since the record began (unrecorded, see above)
      CompletionStage<UdeskDelivery> forward =
          udesk.forward(account, push, leftOfReplyTimeout(started));
      if (!(failure instanceof WriterBusyException)) { // that record never ran: nothing to find
        unrecorded.settleIfRecorded(account, identity, now, forward);
      }
      return forward;
    }
    return switch (recorded.kind()) {
      case NEW ->
          deliveries.firstAttempt(account, recorded.entry(), leftOfReplyTimeout(arrivedNanos));
      case QUEUED -> {
        LOG.info(
            () ->
                account.appId()
                    + ": "
                    + push.description()
                    + " waits in the inbox behind an earlier push "
                    + "of its follower; WeChat gets an empty answer, Udesk gets it in order");
        redelivery.wakeUp();
        yield CompletableFuture.completedFuture(
            UdeskDelivery.queued("an earlier push of the follower is not with Udesk yet"));
      }
      case HELD -> {
        // no attempt and no outcome to record: while Udesk hangs or refuses, one commit per push
        redelivery.held(account.appId());
        yield CompletableFuture.completedFuture(
            UdeskDelivery.queued(
                "Udesk refuses, or the account's forwards are all busy; it waits in the inbox"));
      }
      case SEEN ->
          answerOfSeen(
              account, db.get(), recorded, clock.millis() + leftOfReplyTimeout(arrivedNanos));
    };
  }

  /** WeChat's deadline runs on while the push is recorded (slow on a cold instance or database). */
  private long leftOfReplyTimeout(long startedNanos) {
    return settings.replyTimeoutMillis()
        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private CompletionStage<UdeskDelivery> answerOfSeen(
      Account account, DataSource db, RecordedPush seen, long deadline) {
    LOG.info(
        () ->
            account.appId()
                + ": WeChat retried "
                + seen.entry().description()
                + " (in the inbox, "
                + seen.state()
                + "); not forwarded again");
    CompletableFuture<UdeskDelivery> answer = new CompletableFuture<>();
    settleSeen(db, seen, deadline, answer);
    events.fire(new InboxEvent(account.appId(), InboxEvent.Kind.RETRY_RECOGNISED));
    return answer.thenApply(UdeskDelivery::ofEarlierAttempt);
  }

  /**
   * DELIVERED: the stored answer; SENDING: asked again every {@value #POLL_MILLIS} ms until the
   * deadline.
   */
  private void settleSeen(
      DataSource db, RecordedPush seen, long deadline, CompletableFuture<UdeskDelivery> answer) {
    if (seen.state() == EntryState.DELIVERED) {
      // a reply that already went out as a customer-service message is not given twice
      answer.complete(
          UdeskDelivery.answered(
              seen.answeredSeparately() ? new byte[0] : seen.answer(), Duration.ZERO));
    } else if (seen.state() != EntryState.SENDING) {
      answer.complete(
          UdeskDelivery.queued("a retry of a push that waits in the inbox (" + seen.state() + ")"));
    } else if (clock.millis() + POLL_MILLIS > deadline) {
      answer.complete(UdeskDelivery.queued("a retry of a push still with Udesk"));
    } else {
      Runnable lookUp =
          () -> {
            try {
              Optional<RecordedPush> now = store.find(db, seen.entry().id());
              settleSeen(db, now.orElse(seen), deadline, answer);
            } catch (SQLException | RuntimeException failure) {
              if (failure instanceof SQLException sql) {
                database.failed(sql);
              }
              answer.complete(UdeskDelivery.queued("a retry of a push still with Udesk"));
            }
          };
      timers.after(
          Duration.ofMillis(POLL_MILLIS),
          () -> {
            try {
              lookups.execute(lookUp);
            } catch (RuntimeException refused) { // full, or stopping: the retry is answered
              answer.complete(UdeskDelivery.queued("a retry of a push still with Udesk"));
            }
          });
    }
  }
}
