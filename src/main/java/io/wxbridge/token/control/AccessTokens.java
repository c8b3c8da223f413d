package io.wxbridge.token.control;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.TokenMode;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.token.entity.AccessToken;
import io.wxbridge.token.entity.TokenFetch;
import io.wxbridge.token.entity.TokenState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The access token of every account, held in memory. Requests take the held token (no waiting on
 * the common path); the refresh timer replaces it ahead of expiry; a token WeChat rejects is
 * dropped only if it is still the current one, and a new one is then fetched once for all
 * concurrent callers. A token fetch WeChat refuses is not repeated before a back-off has passed,
 * and a 40164 tells the operator which IP to put on the account's whitelist. A fetch's lines name
 * the request that started it, or the timer ({@link OnBehalfOf}).
 */
@ApplicationScoped
public class AccessTokens {
  private static final Logger LOG = Logger.getLogger(AccessTokens.class.getName());
  private static final Pattern WECHAT_SEES_IP = Pattern.compile("invalid ip ([0-9A-Fa-f.:]+)");
  static final int IP_NOT_WHITELISTED = 40164;

  @Inject TokenRequests requests;
  @Inject Accounts accounts;

  /** token-mode=classic: one token for every instance on the inbox's database (docs/inbox.md). */
  @Inject SharedTokens shared;

  @Inject
  @ConfigProperty(name = "bridge.token.refresh-margin")
  long refreshMarginSeconds;

  @Inject
  @ConfigProperty(name = "bridge.token.refusal-backoff")
  long refusalBackoffSeconds;

  @Inject
  @ConfigProperty(name = "bridge.token.failure-backoff")
  long failureBackoffSeconds;

  @Inject
  @ConfigProperty(name = "bridge.token.max-wait")
  long maxWaitMillis;

  @Inject OutboundPools pools;
  @Inject Event<TokenFetch> fetches;

  private final Map<AppId, TokenSlot> slots = new ConcurrentHashMap<>();
  private TokenSlot.Policy policy;

  @PostConstruct
  void createPolicy() {
    // a back-off of 0 would turn a refusal into a fetch per call, using up the daily quota
    refusalBackoffSeconds = Math.max(1, refusalBackoffSeconds);
    failureBackoffSeconds = Math.max(1, failureBackoffSeconds);
    refreshMarginSeconds = Math.max(0, refreshMarginSeconds);
    maxWaitMillis = Math.max(0, maxWaitMillis);
    // one fetch at a time per account, and a thread for each account that may need one at once:
    // a fetch with its retries can take 13 s, and accounts whose token endpoint hangs must not
    // hold up the others' (idle threads end after a minute)
    usePolicy(Math.max(4, accounts.all().size()));
  }

  /** The policy of the settings as they are (unit tests set back-offs of 0 to see each attempt). */
  void usePolicy(int fetchThreads) {
    policy =
        new TokenSlot.Policy(
            Duration.ofSeconds(refusalBackoffSeconds),
            Duration.ofSeconds(failureBackoffSeconds),
            Duration.ofMillis(maxWaitMillis),
            pools.bounded(PoolName.of("token-fetch"), fetchThreads, 1000));
  }

  /**
   * A token that has not expired, fetched if none is held.
   *
   * @param caller whom the token is for: named in the fetch's lines if this call starts one
   * @throws io.wxbridge.ProblemException if no token can be had (refused, unreachable, no
   *     AppSecret)
   */
  public AccessToken current(Account account, OnBehalfOf caller) {
    TokenSlot slot = slot(account);
    return slot.usable(Instant.now(), () -> fetch(slot, caller));
  }

  /**
   * WeChat rejected this token (40001, 40014, 41001, 42001): drop it if it is still the current
   * one.
   */
  public void invalidate(Account account, AccessToken rejected) {
    slot(account).drop(rejected);
  }

  /**
   * Replaces every token that is due, so that requests never wait for one (called by the timer).
   */
  public void refreshDue() {
    Duration margin = Duration.ofSeconds(refreshMarginSeconds);
    for (TokenSlot slot : slots.values()) {
      // starts a fetch at most; its outcome is logged by fetch(), once per change of state
      slot.refreshIfDue(Instant.now(), margin, () -> fetch(slot, OnBehalfOf.TOKEN_TIMER));
    }
  }

  /** What is known about each account's token, for the health check. */
  public List<TokenState> states() {
    Instant now = Instant.now();
    return slots.values().stream()
        .map(slot -> slot.state(now))
        .sorted(Comparator.comparing(TokenState::appId))
        .toList();
  }

  private TokenSlot slot(Account account) {
    return slots.computeIfAbsent(account.appId(), id -> new TokenSlot(account, policy));
  }

  /**
   * Fetches a token for the slot's account; logs the outcome once per change of state (a token
   * after failures, a failure after a token, a different failure), not per attempt.
   */
  private AccessToken fetch(TokenSlot slot, OnBehalfOf caller) {
    Account account = slot.account();
    Optional<TokenException> before = slot.lastFailure();
    boolean wasFailing = before.isPresent(); // a token now is a change of state
    try {
      AccessToken token = notRejected(slot, caller);
      LOG.log(
          wasFailing ? Level.INFO : Level.FINE,
          () ->
              account.appId()
                  + ": new access token ("
                  + account.tokenMode().name().toLowerCase(Locale.ROOT)
                  + "), good for "
                  + token.lifetime().toSeconds()
                  + " s, "
                  + caller
                  + (wasFailing ? "; tokens are available again" : ""));
      fetches.fire(new TokenFetch(account.appId(), OptionalInt.empty()));
      return token;
    } catch (TokenException failed) {
      throw failed(account, caller, before, failed);
    } catch (RuntimeException | Error unexpected) {
      // an Error too (a LinkageError, a StackOverflowError reading the answer): logged and
      // backed off like any failure; the JVM's own errors go on up once that is done
      TokenException failure =
          failed(account, caller, before, TokenException.unexpected(unexpected));
      if (unexpected instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      throw failure;
    }
  }

  /**
   * A token from the account's source that is not the one WeChat last rejected. A fetch that a
   * rejection overtook (the timer's, or one a call started just before another call's token was
   * rejected) may bring that token back, its answer older than the rejection: the source is asked
   * once more. A source that still hands it out (a token server that has not replaced it) is
   * refused once, like a failed fetch with its back-off, rather than costing every call a rejected
   * attempt; the next fetch that brings it is believed (WeChat may have rejected it in error; if it
   * rejects it again, so does the bridge).
   */
  private AccessToken notRejected(TokenSlot slot, OnBehalfOf caller) {
    TokenSlot.Rejection known = slot.rejection().orElse(null);
    AccessToken token = fromSource(slot, caller);
    TokenSlot.Rejection latest = slot.rejection().orElse(null);
    if (latest != null && latest != known && latest.of(token)) {
      token = fromSource(slot, caller);
      latest = slot.rejection().orElse(null);
    }
    if (latest != null && latest.of(token) && !latest.wasRefused()) {
      latest.markRefused();
      throw TokenException.rejectedOneAgain(slot.account().tokenMode());
    }
    return token;
  }

  private AccessToken fromSource(TokenSlot slot, OnBehalfOf caller) {
    Account account = slot.account();
    return account.tokenMode() == TokenMode.CLASSIC
        ? shared.fetchOnce(
            account.appId(),
            slot.rejection().map(TokenSlot.Rejection::token),
            Duration.ofSeconds(refreshMarginSeconds),
            caller,
            () -> requests.fetch(account, caller))
        : requests.fetch(account, caller);
  }

  private TokenException failed(
      Account account, OnBehalfOf caller, Optional<TokenException> before, TokenException failed) {
    boolean same = before.filter(failed::sameAs).isPresent();
    LOG.log(same ? Level.FINE : Level.WARNING, () -> failureAdvice(account, caller, failed));
    fetches.fire(new TokenFetch(account.appId(), OptionalInt.of(failed.errcode())));
    return failed;
  }

  private String failureAdvice(Account account, OnBehalfOf caller, TokenException failed) {
    if (!failed.isRefusal()) {
      return account.appId()
          + ": no access token, "
          + caller
          + ": "
          + failed.getMessage()
          // an unexpected failure's kind only: its message could quote what WeChat answered
          + (failed.getCause() == null ? "" : " (" + CallFailure.describe(failed.getCause()) + ")")
          + "; the bridge asks again in "
          + failureBackoffSeconds
          + " s (doubling while it keeps failing, up to "
          + failureBackoffSeconds * 32
          + " s); calls that need a new token get errcode "
          + failed.errcode()
          + " meanwhile. The next line about this account's token"
          + " says when tokens are available again.";
    }
    return refusalAdvice(account, caller, failed);
  }

  private String refusalAdvice(Account account, OnBehalfOf caller, TokenException refused) {
    String said =
        account.appId()
            + ": WeChat refused the access_token request with "
            + refused.errcode()
            + " ("
            + refused.wechatMessage()
            + "), "
            + caller
            + "; calls that need a new token get this error until the bridge asks again, in "
            + refusalBackoffSeconds
            + " s (doubling while WeChat keeps refusing, up to "
            + refusalBackoffSeconds * 32
            + " s).";
    if (refused.errcode() != IP_NOT_WHITELISTED) {
      return said;
    }
    Matcher ip = WECHAT_SEES_IP.matcher(refused.wechatMessage());
    return said
        + " Add "
        + (ip.find() ? ip.group(1) : "this server's outgoing IP address")
        + " to the IP whitelist of "
        + account.appId()
        + " (WeChat admin: Settings and Development > Basic Configuration > IP whitelist).";
  }
}
