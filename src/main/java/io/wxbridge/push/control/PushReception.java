package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.inbox.control.ReplayGuard;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.SignedQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/**
 * WeChat's two calls to the server URL: the URL check the admin triggers by saving the server
 * configuration, and the pushes. A push is checked and opened, answered once (retries share the
 * answer), and the answer is sealed for the mode the push came in.
 */
@ApplicationScoped
public class PushReception {
  @Inject WeChatSignature signature;
  @Inject PushOpener opener;
  @Inject PushForwarder forwarder;
  @Inject ReplySealer sealer;
  @Inject ReplayGuard replays;

  /**
   * The echostr to send back when the signature is the account's. Checked the same way in every
   * mode: WeChat does not encrypt the URL check of an Official Account.
   *
   * @throws PushRejectedException 401 when the signature or echostr is missing or wrong
   */
  public String confirmUrl(Account account, SignedQuery query, String echostr) {
    if (echostr == null || !signature.matches(query.signature(), account.token(), query.timestamp(), query.nonce())) {
      throw PushRejectedException.badSignature("signature");
    }
    return echostr;
  }

  /** WeChat's answer to a push: empty, or a passive reply (encrypted in compatible and safe mode). */
  public CompletionStage<byte[]> receive(Account account, SignedQuery query, byte[] body) {
    OpenedPush push = opener.open(account, query, body);
    if (!push.encrypted()) {
      refuseReplays(account, query, body);
    }
    return forwarder.answer(account, push).thenApply(reply -> sealer.seal(account, push, reply));
  }

  /** Plaintext mode: the signature does not cover the body, so a signed query may come once per body (docs/inbox.md). */
  private void refuseReplays(Account account, SignedQuery query, byte[] body) {
    switch (replays.check(account.appId(), query.timestamp(), query.nonce(), query.signature(), body)) {
      case OTHER_BODY -> throw PushRejectedException.replayed("this signed query was used before with another body");
      case STALE -> throw PushRejectedException.replayed("timestamp outside bridge.push.max-clock-skew");
      default -> { }
    }
  }
}
