package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.TokenMode;
import io.wxbridge.inbox.control.InboxWork;
import io.wxbridge.inbox.control.ReplayGuard;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.SignedQuery;
import io.wxbridge.requests.entity.RequestId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * WeChat's two calls to the server URL: the URL check the admin triggers by saving the server
 * configuration, and the pushes. A push is checked and opened, answered once (retries share the
 * answer), and the answer is sealed for the mode the push came in.
 */
@ApplicationScoped
public class PushReception {
  private static final Logger LOG = Logger.getLogger(PushReception.class.getName());

  /** Never matches a real signature: 32 random bytes, new at every start. */
  private static final String STAND_IN_TOKEN =
      HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

  private static final Account STAND_IN =
      new Account(
          new AppId("wxnotserved"),
          STAND_IN_TOKEN,
          List.of(),
          false,
          URI.create("http://localhost/"),
          Optional.empty(),
          TokenMode.STABLE,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "wxnotserved");

  @Inject WeChatSignature signature;
  @Inject PushOpener opener;
  @Inject PushForwarder forwarder;
  @Inject ReplySealer sealer;
  @Inject ReplayGuard replays;
  @Inject PushOutcomes outcomes;
  @Inject InboxWork work;

  /**
   * The echostr to send back when the signature is the account's. Checked the same way in every
   * mode: WeChat does not encrypt the URL check of an Official Account.
   *
   * @throws PushRejectedException 401 when the signature is missing or wrong, 400 when it is right
   *     but the echostr is missing (only the Token's holder gets that far)
   */
  public String confirmUrl(Account account, SignedQuery query, String echostr) {
    if (!signature.matches(query.signature(), account.token(), query.timestamp(), query.nonce())) {
      throw PushRejectedException.badSignature("signature");
    }
    if (echostr == null || echostr.isEmpty()) {
      throw PushRejectedException.malformed("echostr missing: WeChat's URL check always sends one");
    }
    // the stand-in's random Token never matches: an unserved AppID was refused above
    replays.rememberUrlCheck(
        account.appId(),
        query.timestamp(),
        query.nonce(),
        query.signature(),
        !account.encryptedOnly());
    return echostr;
  }

  /**
   * A URL check for an AppID this bridge does not serve: the 401 of a wrong signature, after the
   * same work.
   */
  public void refuseUnservedUrlCheck(SignedQuery query, String echostr) {
    confirmUrl(STAND_IN, query, echostr);
    throw PushRejectedException.badSignature("signature");
  }

  /**
   * The answer to a push for an AppID this bridge does not serve (unknown, or its configuration is
   * broken): the same 401 a served account gives a wrong signature, after the same work (a stand-in
   * Token, random per start, is checked), so a stranger cannot tell which AppIDs are served. A push
   * WeChat really signed for a misconfigured account (its Token is known) is answered empty
   * instead, so its followers never see WeChat's "service unavailable" banner.
   *
   * @param token the Token of a misconfigured account, if it has one
   * @throws PushRejectedException 401 unless WeChat signed a push for the misconfigured account
   */
  public void refuseUnserved(Optional<String> token, SignedQuery query, byte[] body) {
    opener.authenticate(token.orElse(STAND_IN_TOKEN), query, body);
    if (token.isEmpty()) {
      throw PushRejectedException.badSignature(query.encrypted() ? "msg_signature" : "signature");
    }
    LOG.warning(
        "WeChat pushed a message for an account whose configuration has errors; answered empty and"
            + " not forwarded: fix the keys the start-up log names");
  }

  /**
   * Whether the query carries WeChat's plain {@code signature} for this AppID: WeChat sends it in
   * every mode (only msg_signature is checked in the encrypted ones, see docs/push.md), so a push
   * whose body is slow to come can be told from a stranger's before the body is read. The same work
   * for an AppID not served (the stand-in Token), so it tells a stranger nothing.
   */
  public boolean signedByWeChat(
      Optional<Account> account, String signature, String timestamp, String nonce) {
    String token = account.map(Account::token).orElse(STAND_IN_TOKEN);
    // a signed query seen once (an access log) must not open the way to slow bodies: a stale one
    // never, one this instance took already not again (WeChat's retry of it counts as a stranger's)
    return this.signature.matches(signature, token, timestamp, nonce)
        && account.isPresent()
        && replays.isNewHere(
            account.get().appId(),
            timestamp,
            nonce,
            new SignedQuery(signature, timestamp, nonce, null, null).signature());
  }

  /**
   * WeChat's answer to a push: empty, or a passive reply (encrypted in compatible and safe mode).
   *
   * @param startedNanos System.nanoTime() when the request arrived (the push's logged duration, and
   *     the start of WeChat's deadline)
   */
  public CompletionStage<byte[]> receive(
      Account account, SignedQuery query, byte[] body, RequestId request, long startedNanos) {
    if (!work.admit()) {
      throw PushRejectedException.stopping();
    }
    try {
      String encrypt = opener.authenticate(account.token(), query, body);
      // an encrypted push's query is used up once authentic, also when it cannot be opened (no
      // key, a key WeChat rotated first): its plain signature must not sign a body of another's
      if (query.encrypted()) { // in the database only for an account that takes plaintext pushes
        replays.rememberEncrypted(
            account.appId(),
            query.timestamp(),
            query.nonce(),
            query.signature(),
            body,
            !account.encryptedOnly());
      }
      OpenedPush push = opener.openAuthenticated(account, query, body, encrypt);
      if (!push.encrypted()) {
        refuseReplays(account, query, body);
      }
      String description = push.describe() + ", request " + request;
      return forwarder
          .answer(account, push, description, startedNanos)
          .thenApply(
              reply -> {
                byte[] answer = sealer.seal(account, push, reply);
                outcomes.report(account, push, description, reply, startedNanos);
                return answer;
              })
          .whenComplete((answer, failure) -> work.done());
    } catch (RuntimeException refused) {
      work.done();
      throw refused;
    }
  }

  /**
   * Plaintext mode: the signature does not cover the body, so a signed query may come once per body
   * (docs/inbox.md).
   */
  private void refuseReplays(Account account, SignedQuery query, byte[] body) {
    switch (replays.check(
        account.appId(), query.timestamp(), query.nonce(), query.signature(), body)) {
      case OTHER_BODY ->
          throw PushRejectedException.replayed(
              "this signed query was used before with another body");
      case STALE ->
          throw PushRejectedException.replayed("timestamp outside bridge.push.max-clock-skew");
      default -> {}
    }
  }
}
