package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.control.DurableInbox;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.PushReply;
import io.wxbridge.wechatxml.entity.XmlFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/**
 * Gets the answer to a checked push: once per push (WeChat's retries share it), by forwarding the
 * message to Udesk and judging what Udesk answered.
 */
@ApplicationScoped
public class PushForwarder {
  @Inject RecentPushes recentPushes;

  /** Records the push before forwarding it, when the inbox is on (docs/inbox.md). */
  @Inject DurableInbox inbox;

  @Inject PassiveReplyValidator replies;

  /**
   * @param description the push's label for every log line about it (never the content)
   * @param arrivedNanos System.nanoTime() when WeChat's request arrived
   */
  public CompletionStage<PushReply> answer(
      Account account, OpenedPush push, String description, long arrivedNanos) {
    return recentPushes.answerOnce(
        push.key(),
        () ->
            inbox
                .deliver(
                    account,
                    new UdeskPush(account.appId(), push.message(), description),
                    push.xml().map(XmlFields::fields),
                    arrivedNanos)
                .thenApply(replies::replyFrom));
  }
}
