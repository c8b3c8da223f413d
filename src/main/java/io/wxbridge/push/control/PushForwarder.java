package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.control.DurableInbox;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.PushReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gets the answer to a checked push: once per push (WeChat's retries share it), by forwarding the
 * message to Udesk and judging what Udesk answered. Logs one line per push, without its content.
 */
@ApplicationScoped
public class PushForwarder {
  private static final Logger LOG = Logger.getLogger(PushForwarder.class.getName());

  @Inject RecentPushes recentPushes;

  /** Records the push before forwarding it, when the inbox is on (docs/inbox.md). */
  @Inject DurableInbox inbox;

  @Inject PassiveReplyValidator replies;

  public CompletionStage<PushReply> answer(Account account, OpenedPush push) {
    return recentPushes.answerOnce(push.key(), push.describe(), () -> forward(account, push));
  }

  private CompletionStage<PushReply> forward(Account account, OpenedPush push) {
    String description = push.describe();
    return inbox
        .deliver(account, new UdeskPush(account.appId(), push.message(), description))
        .thenApply(
            delivery -> {
              PushReply reply = replies.replyFrom(delivery);
              // an undelivered push has its warning already (UndeliveredPushLog); an unusable reply
              // gets one here
              Level level =
                  reply.outcome() == PushReply.Outcome.FALLBACK && delivery.delivered()
                      ? Level.WARNING
                      : Level.INFO;
              LOG.log(
                  level,
                  "{0}: {1} forwarded to Udesk, {2}; WeChat gets {3}",
                  new Object[] {
                    account.appId(),
                    description,
                    delivery.summary(),
                    reply.isEmpty()
                        ? "an empty answer (" + reply.note() + ")"
                        : "its " + reply.note()
                  });
              return reply;
            });
  }
}
