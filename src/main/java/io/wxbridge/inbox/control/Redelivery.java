package io.wxbridge.inbox.control;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.forward.control.UdeskCapacity;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.inbox.entity.UnsentReply;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands the inbox's due pushes to Udesk: pending ones whose back-off is over, and those whose lease
 * ran out (their instance died or lost the database). Account by account, a few at a time each, so
 * one account's failing Udesk never delays another's pushes; attempts are asynchronous. Pushes
 * older than bridge.inbox.max-age are expired and logged by identity (never content). Late replies
 * whose sender stopped before it recorded the send are sent again. Also prunes what
 * bridge.inbox.retention allows, once a minute.
 */
@ApplicationScoped
public class Redelivery {
  private static final Logger LOG = Logger.getLogger(Redelivery.class.getName());
  static final int PER_ACCOUNT = 20;
  static final long PRUNE_EVERY_MILLIS = 60_000;

  /** A prune's share of a pass: redeliveries and lease takeovers wait for it. */
  static final Duration PRUNE_BUDGET = Duration.ofMillis(500);

  @Inject DatabaseClock clock;
  @Inject BridgeDatabase database;
  @Inject InboxClaims claims;
  @Inject InboxOutcomes outcomes;
  @Inject InboxHousekeeping housekeeping;
  @Inject InboxSettings settings;
  @Inject InboxDeliveries deliveries;
  @Inject LateReplies lateReplies;
  @Inject Accounts accounts;
  @Inject UdeskCapacity capacity;
  @Inject Event<InboxEvent> events;
  @Inject InboxWork work;

  @Resource ManagedExecutorService executor;

  private final AtomicBoolean running = new AtomicBoolean();

  /** Redeliveries handed to Udesk and not settled yet, per account (at most PER_ACCOUNT). */
  private final Map<AppId, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  /** Accounts whose new pushes are held because their forwards are saturated (logged once). */
  private final Set<AppId> holding = ConcurrentHashMap.newKeySet();

  /** When each refusing account's Udesk was last probed with a redelivery. */
  private final Map<AppId, Long> lastProbe = new ConcurrentHashMap<>();

  private final AtomicBoolean again = new AtomicBoolean();

  /**
   * Passes run at every poll interval and at each wake-up: a failure that repeats is logged once.
   */
  private final RepeatedFailureLog failures = new RepeatedFailureLog(LOG, "Inbox: redelivery pass");

  private volatile long lastPrune;

  /**
   * A redelivery's outcome is recorded. When the last of an account's redeliveries in flight is
   * done, the next batch of its backlog goes at once rather than a poll interval later (pushes not
   * due yet are not claimed, so a Udesk that is still down costs one indexed query).
   */
  public void redelivered(AppId appId) {
    AtomicInteger sending = inFlight.get(appId);
    if (sending != null && sending.decrementAndGet() <= 0) {
      wakeUp();
    }
  }

  /**
   * A new push was recorded pending because the account's forwards are saturated: logged when that
   * begins, not for every push (each push still has its own line when WeChat is answered).
   */
  public void held(AppId appId) {
    if (holding.add(appId)) {
      LOG.warning(
          () ->
              appId
                  + ": Udesk refuses pushes, or every forward to it is busy and the queue full"
                  + " (Udesk hangs): new pushes are kept in the inbox without being tried, and"
                  + " redelivered once Udesk takes them again");
    }
  }

  /**
   * Runs a pass now (on another thread), e.g. because a follower's earlier push was just delivered.
   */
  public void wakeUp() {
    try {
      executor.execute(this::pass);
    } catch (RejectedExecutionException shuttingDown) {
      LOG.fine("redelivery not woken: the executor is shutting down");
    }
  }

  /**
   * One pass over the due pushes; a pass asked for while one runs is run right after it. A pass is
   * work in flight (InboxWork): a stop waits for it, so that what it claimed is tried and recorded
   * before the database closes, and it claims nothing more once the stop has begun.
   */
  public void pass() {
    if (!work.admit()) {
      return; // stopping: what is due is delivered after the restart
    }
    try {
      again.set(true);
      // a request that comes as the running pass ends finds it not running and runs its own
      while (again.get() && !work.closed() && running.compareAndSet(false, true)) {
        try {
          while (again.getAndSet(false) && !work.closed()) {
            database.ready().ifPresent(this::deliverDue);
          }
        } finally {
          running.set(false);
        }
      }
    } finally {
      work.done();
    }
  }

  private void deliverDue(DataSource db) {
    long now = clock.millis();
    try {
      for (AppId appId : housekeeping.dueAccounts(db, now)) {
        Optional<Account> account = accounts.find(appId);
        if (account.isPresent() && !work.closed()) {
          // each account's claims lease from their own moment, not from the pass's start: an
          // account served after slow ones must not get leases partly spent
          long claimedAt = clock.millis();
          int room = room(appId, claimedAt);
          if (room > 0) {
            redeliverAll(db, account.get(), claims.claim(db, appId, claimedAt, room), claimedAt);
          }
          long repliesClaimedAt = clock.millis(); // after the redeliveries above
          for (UnsentReply reply :
              claims.claimUnsentReplies(db, appId, repliesClaimedAt, PER_ACCOUNT)) {
            lateReplies.sendAgain(account.get(), reply, db);
          }
        }
      }
      if (now - lastPrune > PRUNE_EVERY_MILLIS) {
        lastPrune = now;
        if (!database.exclusive(db)) { // the embedded database's clock is this instance's
          clock.measure(db);
        }
        prune(db, now);
      }
      failures.worked();
    } catch (SQLException failure) {
      database.failed(failure);
    } catch (RuntimeException unexpected) {
      // caught here, not left to InboxTimers: wake-ups run passes on the managed executor
      failures.failed(unexpected);
    }
  }

  /**
   * A failed prune is tried again at the next one and does not turn the inbox off: it runs on a
   * connection of its own, and a database that fails the pushes' work is noticed there.
   */
  private void prune(DataSource db, long now) {
    try {
      InboxHousekeeping.Pruned pruned =
          housekeeping.prune(
              db,
              now - settings.retention().toMillis(),
              now - 2_000 * settings.maxClockSkewSeconds() - 60_000,
              PRUNE_BUDGET);
      if (!pruned.finished()) {
        lastPrune = now - PRUNE_EVERY_MILLIS; // the rest at the next pass
      }
      if (pruned.rows() > 0) {
        LOG.fine(() -> "Inbox: pruned " + pruned.rows() + " delivered pushes and replay records");
      }
    } catch (SQLException failure) {
      LOG.warning(
          () ->
              "Inbox: pruning failed ("
                  + failure.getClass().getSimpleName()
                  + ", SQLState "
                  + failure.getSQLState()
                  + "); what it pruned is kept, the rest is tried again in "
                  + PRUNE_EVERY_MILLIS / 1000
                  + " s");
    }
  }

  /**
   * How many of the account's due pushes go to Udesk now: no more than its forward pool starts at
   * once (a push it would refuse is not claimed, refused and recorded again and again while Udesk
   * hangs), and while Udesk refuses, one probe per poll interval.
   */
  private int room(AppId appId, long now) {
    AtomicInteger sending = inFlight.computeIfAbsent(appId, any -> new AtomicInteger());
    int room = Math.min(PER_ACCOUNT - sending.get(), capacity.idleForwards(appId));
    if (room <= 0) {
      return 0;
    }
    if (capacity.refusing(appId)) {
      Long last = lastProbe.get(appId);
      if (last != null && now - last < settings.pollIntervalMillis()) {
        return 0;
      }
      lastProbe.put(appId, now);
      return 1;
    }
    if (holding.remove(appId)) {
      LOG.info(() -> appId + ": Udesk takes pushes again; the pushes kept meanwhile follow");
    }
    return room;
  }

  /**
   * Every claimed push, also when one's expiry fails: they are leased to this instance, and one
   * left behind would wait for its lease (and count an attempt it never had). After a failure the
   * other expiries are left to their lease (a database that stalls would make each wait for it),
   * the pushes still to be tried go on to Udesk.
   */
  private void redeliverAll(DataSource db, Account account, List<InboxEntry> claimed, long now)
      throws SQLException {
    SQLException first = null;
    for (InboxEntry entry : claimed) {
      boolean tooOld = now - entry.receivedAt() > settings.maxAge().toMillis();
      try {
        if (!tooOld) {
          redeliver(account, entry);
        } else if (first == null) {
          expire(db, entry);
        }
      } catch (SQLException failure) {
        first = failure;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void expire(DataSource db, InboxEntry entry) throws SQLException {
    if (!outcomes.expire(db, entry)) {
      return; // the claim's lease ran out meanwhile: the attempt that took it over decides
    }
    events.fire(new InboxEvent(entry.appId(), InboxEvent.Kind.EXPIRED));
    LOG.warning(
        () ->
            entry.appId()
                + ": "
                + entry.description()
                + " EXPIRED in the inbox after "
                + entry.attempts()
                + " attempts (older than bridge.inbox.max-age="
                + settings.maxAge()
                + "); kept, "
                + "identity "
                + entry.identity()
                + ", inbox id "
                + entry.id());
  }

  private void redeliver(Account account, InboxEntry entry) {
    inFlight.computeIfAbsent(entry.appId(), any -> new AtomicInteger()).incrementAndGet();
    LOG.info(
        () ->
            entry.appId()
                + ": redelivering "
                + entry.description()
                + " to Udesk, attempt "
                + (entry.attempts() + 1));
    deliveries.redeliver(account, entry);
  }
}
