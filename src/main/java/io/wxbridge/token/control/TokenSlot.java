package io.wxbridge.token.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.token.entity.AccessToken;
import io.wxbridge.token.entity.TokenState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One account's access token: the token held, the fetch in flight (every caller that needs a new
 * token waits for that one fetch instead of starting its own) and a failure to wait out.
 *
 * <p>After any failed fetch nobody asks again before a back-off has passed (a refusal waits {@code
 * bridge.token.refusal-backoff}, every other failure {@code bridge.token.failure-backoff}; each
 * further failure of the same kind in a row, refusal or not, doubles it, up to 32 times the first;
 * a refusal after other failures, or the reverse, starts again from its own): callers meanwhile get
 * the failure at once, and the timer does not burn WeChat's daily token quota. The back-off runs on
 * the monotonic clock: a wall clock set back does not lengthen it. Fetches run on a bounded pool
 * and no caller waits for one longer than {@code bridge.token.max-wait}: past that it gets WeChat's
 * -1 while the fetch goes on for the next caller.
 */
final class TokenSlot {
  private static final int MAX_BACKOFF_DOUBLINGS = 5;

  private record Failure(TokenException failure, long untilNanos, int inARow) {
    boolean backingOff() {
      return System.nanoTime() - untilNanos < 0;
    }
  }

  /** How the slot waits and backs off; one per bridge, from configuration. */
  record Policy(
      Duration refusalBackoff, Duration failureBackoff, Duration maxWait, Executor fetches) {}

  private final Account account;
  private final Policy policy;
  private final AtomicReference<AccessToken> held = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<AccessToken>> flight = new AtomicReference<>();
  private volatile Failure failure;
  private volatile Rejection rejection;

  /**
   * The token WeChat last rejected. A new instance for each rejection, compared by identity: a
   * fetch that sees another instance at its end than at its start was overtaken by a rejection.
   * Refused once when the source hands it out again, then believed ({@link AccessTokens}).
   */
  static final class Rejection {
    private final String token;
    private final Instant obtainedAt;
    private volatile boolean refused;

    private Rejection(AccessToken rejected) {
      this.token = rejected.value();
      this.obtainedAt = rejected.obtainedAt();
    }

    boolean of(AccessToken fetched) {
      return token.equals(fetched.value());
    }

    String token() {
      return token;
    }

    /** A fetch that brought the token back was refused: the next one that does is taken. */
    void markRefused() {
      refused = true;
    }

    boolean wasRefused() {
      return refused;
    }
  }

  TokenSlot(Account account, Policy policy) {
    this.account = account;
    this.policy = policy;
  }

  Account account() {
    return account;
  }

  /**
   * The last fetch's failure, while no token has been fetched since: a next fetch that ends
   * otherwise is a change of state worth a log line.
   */
  Optional<TokenException> lastFailure() {
    Failure failed = failure;
    return failed == null ? Optional.empty() : Optional.of(failed.failure());
  }

  /**
   * The held token if it has not expired, else a new one (fetched once for all who ask meanwhile).
   */
  AccessToken usable(Instant now, Supplier<AccessToken> fetch) {
    AccessToken token = held.get();
    if (token != null && token.isUsableAt(now)) {
      return token;
    }
    return await(shared(current -> current == null || !current.isUsableAt(now), fetch));
  }

  /**
   * Forgets the token WeChat rejected, unless another caller has already replaced it, and remembers
   * its value: a fetch that brings it back is not taken ({@link AccessTokens}).
   */
  void drop(AccessToken rejected) {
    Rejection last = rejection;
    // a slow call's rejection of an older token must not hide the current one's
    if (last == null || !rejected.obtainedAt().isBefore(last.obtainedAt)) {
      rejection = new Rejection(rejected);
    }
    // by value: a refresh of a stable token brings the same value back as another object
    held.updateAndGet(
        current -> current != null && current.value().equals(rejected.value()) ? null : current);
  }

  /** The last rejection of this account's token, if any. */
  Optional<Rejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  /**
   * For the timer: starts fetching the successor of a token that is due for refresh (and, after a
   * failure whose back-off has passed, tries again). Returns at once: nothing waits for the fetch,
   * and no failure to fetch is thrown into the timer (the fetch that met it logs it).
   *
   * @return true if this call started a fetch
   */
  boolean refreshIfDue(Instant now, Duration margin, Supplier<AccessToken> fetch) {
    AccessToken token = held.get();
    Failure failed = failure;
    boolean due = token != null ? token.isDueAt(now, margin) : failed != null;
    if (!due || flight.get() != null || (failed != null && failed.backingOff())) {
      return false;
    }
    try {
      shared(current -> current == null || current.isDueAt(now, margin), fetch);
      return true;
    } catch (RuntimeException meanwhile) {
      // a request's fetch failed since the check above, the fetch pool is full or shut down
      return false;
    }
  }

  TokenState state(Instant now) {
    AccessToken token = held.get();
    Failure failed = failure;
    return new TokenState(
        account.appId().value(),
        account.tokenMode(),
        Optional.ofNullable(token).filter(t -> t.isUsableAt(now)).map(t -> t.age(now)),
        Optional.ofNullable(token).filter(t -> t.isUsableAt(now)).map(t -> t.remaining(now)),
        Optional.ofNullable(failed).map(f -> f.failure().errcode()),
        failed != null && failed.failure().isRefusal(),
        Optional.ofNullable(failed)
            .map(f -> Duration.ofNanos(f.untilNanos() - System.nanoTime()))
            .filter(d -> !d.isNegative()));
  }

  /** The fetch in flight, or a new one; a failure still being waited out is thrown at once. */
  private CompletableFuture<AccessToken> shared(
      Predicate<AccessToken> needed, Supplier<AccessToken> fetch) {
    while (true) {
      CompletableFuture<AccessToken> running = flight.get();
      if (running != null) {
        return running;
      }
      Failure failed = failure;
      if (failed != null && failed.backingOff()) {
        throw failed.failure();
      }
      CompletableFuture<AccessToken> mine = new CompletableFuture<>();
      if (flight.compareAndSet(null, mine)) {
        try {
          policy.fetches().execute(() -> lead(mine, needed, fetch));
        } catch (RejectedExecutionException overloaded) {
          TokenException busy = TokenException.stillFetching();
          end(mine, null, busy);
          throw busy;
        } catch (RuntimeException | Error noThread) {
          // e.g. no native thread for the pool: never leave a flight that nothing will end, and
          // the caller gets WeChat's JSON, not a 500
          TokenException notStarted = TokenException.unexpected(noThread);
          end(mine, null, notStarted);
          throw notStarted;
        }
        return mine;
      }
    }
  }

  private void lead(
      CompletableFuture<AccessToken> mine,
      Predicate<AccessToken> needed,
      Supplier<AccessToken> fetch) {
    if (mine.isDone()) {
      // the pool queued it, then failed to start a thread and was reported as not starting it
      return;
    }
    try {
      AccessToken current = held.get();
      if (!needed.test(current)) {
        end(mine, current, null);
        return;
      }
      AccessToken fresh = fetch.get();
      held.set(fresh);
      Rejection late = rejection;
      if (late != null && late.of(fresh) && !late.wasRefused()) {
        // rejected after the fetch's own check and before it was held: the next caller fetches
        held.compareAndSet(fresh, null);
      }
      failure = null;
      end(mine, fresh, null);
    } catch (RuntimeException | Error unexpected) {
      // any other failure (a broken connection, the shared-token database, an OutOfMemoryError
      // while reading the answer) is backed off the same way, and every waiting caller gets
      // WeChat's JSON rather than a 500
      TokenException failed =
          unexpected instanceof TokenException known
              ? known
              : TokenException.unexpected(unexpected);
      Failure before = failure;
      int inARow =
          before != null && before.failure().isRefusal() == failed.isRefusal()
              ? before.inARow() + 1
              : 1;
      Duration base = failed.isRefusal() ? policy.refusalBackoff() : policy.failureBackoff();
      Duration backoff = base.multipliedBy(1L << Math.min(inARow - 1, MAX_BACKOFF_DOUBLINGS));
      failure = new Failure(failed, System.nanoTime() + backoff.toNanos(), inARow);
      end(mine, null, failed);
      if (unexpected instanceof VirtualMachineError fatal) {
        throw fatal; // the pool's thread, not a caller's, meets it
      }
    }
  }

  /**
   * The flight ends before its callers wake, so that one who asks again at once finds the outcome
   * (the token, or the failure and its back-off), never the flight that already ended.
   */
  private void end(CompletableFuture<AccessToken> mine, AccessToken token, Throwable failed) {
    flight.compareAndSet(mine, null);
    if (failed == null) {
      mine.complete(token);
    } else {
      mine.completeExceptionally(failed);
    }
  }

  private AccessToken await(CompletableFuture<AccessToken> running) {
    try {
      return running.get(policy.maxWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      throw TokenException.stillFetching();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw TokenException.stillFetching();
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw TokenException.unexpected(failed.getCause());
    }
  }
}
