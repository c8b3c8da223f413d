package io.wxbridge.token.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.token.entity.AccessToken;
import io.wxbridge.token.entity.TokenState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One account's access token: the token held, the fetch in flight (every caller that needs a new
 * token waits for that one fetch instead of starting its own) and a refusal to wait out (after
 * WeChat refused a token, nobody asks again before the back-off has passed; each further refusal in
 * a row doubles it, up to 32 times the first).
 */
final class TokenSlot {
  private static final int MAX_BACKOFF_DOUBLINGS = 5;

  private record Refusal(TokenException failure, Instant until, int inARow) {}

  private final Account account;
  private final Duration refusalBackoff;
  private final AtomicReference<AccessToken> held = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<AccessToken>> flight = new AtomicReference<>();
  private volatile Refusal refusal;

  TokenSlot(Account account, Duration refusalBackoff) {
    this.account = account;
    this.refusalBackoff = refusalBackoff;
  }

  Account account() {
    return account;
  }

  /** The held token if it has not expired, else a new one (fetched once for all who ask meanwhile). */
  AccessToken usable(Instant now, Supplier<AccessToken> fetch) {
    AccessToken token = held.get();
    if (token != null && token.isUsableAt(now)) {
      return token;
    }
    return shared(current -> current == null || !current.isUsableAt(now), fetch);
  }

  /** Forgets the token WeChat rejected, unless another caller has already replaced it. */
  void drop(AccessToken rejected) {
    held.compareAndSet(rejected, null);
  }

  /**
   * For the timer: fetches the successor of a token that is due for refresh (and, after a refusal
   * whose back-off has passed, tries again). Returns at once if nothing is due or a fetch is running.
   *
   * @return true if this call fetched
   */
  boolean refreshIfDue(Instant now, Duration margin, Supplier<AccessToken> fetch) {
    AccessToken token = held.get();
    Refusal refused = refusal;
    boolean due = token != null ? token.isDueAt(now, margin) : refused != null;
    if (!due || flight.get() != null || (refused != null && now.isBefore(refused.until()))) {
      return false;
    }
    shared(current -> current == null || current.isDueAt(now, margin), fetch);
    return true;
  }

  TokenState state(Instant now) {
    AccessToken token = held.get();
    Refusal refused = refusal;
    return new TokenState(account.appId().value(), account.tokenMode(),
        Optional.ofNullable(token).filter(t -> t.isUsableAt(now)).map(t -> t.age(now)),
        Optional.ofNullable(token).filter(t -> t.isUsableAt(now)).map(t -> t.remaining(now)),
        Optional.ofNullable(refused).map(r -> r.failure().errcode()),
        Optional.ofNullable(refused).map(r -> Duration.between(now, r.until())).filter(d -> !d.isNegative()));
  }

  private AccessToken shared(Predicate<AccessToken> needed, Supplier<AccessToken> fetch) {
    while (true) {
      CompletableFuture<AccessToken> running = flight.get();
      if (running != null) {
        return await(running);
      }
      Refusal refused = refusal;
      if (refused != null && Instant.now().isBefore(refused.until())) {
        throw refused.failure();
      }
      CompletableFuture<AccessToken> mine = new CompletableFuture<>();
      if (flight.compareAndSet(null, mine)) {
        return lead(mine, needed, fetch);
      }
    }
  }

  private AccessToken lead(CompletableFuture<AccessToken> mine, Predicate<AccessToken> needed,
      Supplier<AccessToken> fetch) {
    try {
      AccessToken current = held.get();
      if (!needed.test(current)) {
        mine.complete(current);
        return current;
      }
      AccessToken fresh = fetch.get();
      held.set(fresh);
      refusal = null;
      mine.complete(fresh);
      return fresh;
    } catch (TokenException refused) {
      if (!refused.isRefusal()) {
        mine.completeExceptionally(refused);
        throw refused;
      }
      int inARow = refusal == null ? 1 : refusal.inARow() + 1;
      Duration backoff = refusalBackoff.multipliedBy(1L << Math.min(inARow - 1, MAX_BACKOFF_DOUBLINGS));
      refusal = new Refusal(refused, Instant.now().plus(backoff), inARow);
      mine.completeExceptionally(refused);
      throw refused;
    } catch (RuntimeException | Error failed) {
      mine.completeExceptionally(failed);
      throw failed;
    } finally {
      flight.compareAndSet(mine, null);
    }
  }

  private static AccessToken await(CompletableFuture<AccessToken> running) {
    try {
      return running.join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (failed.getCause() instanceof Error cause) {
        throw cause;
      }
      throw failed;
    }
  }
}
