package io.wxbridge.push.control;

import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.push.entity.PassiveReply;
import io.wxbridge.push.entity.PushReply;
import io.wxbridge.wechatxml.entity.PassiveAnswer;
import io.wxbridge.wechatxml.entity.XmlFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Decides what WeChat gets from what Udesk did. Udesk's document (Udesk §1, docs/protocol.md §8)
 * allows two answers: "" (WeChat's "success" and whitespace mean the same: {@link
 * PassiveAnswer#saysNothing}) or a passive-reply XML, which WeChat gets unchanged. Any other
 * answer, and any failure to answer in time, becomes an empty answer: WeChat shows the follower
 * "该公众号暂时无法提供服务" for anything it cannot read, and retries when there is no answer.
 */
@ApplicationScoped
public class PassiveReplyValidator {
  @Inject HardenedXmlParser parser;

  public PushReply replyFrom(UdeskDelivery delivery) {
    PushReply reply =
        delivery.delivered()
            ? judge(delivery.body())
            : PushReply.notDelivered("Udesk " + delivery.summary());
    return delivery.earlierAttempt() ? reply.retriedFromInbox() : reply;
  }

  /** Udesk's answer as WeChat should get it. */
  public PushReply judge(byte[] answer) {
    if (PassiveAnswer.saysNothing(answer)) {
      return PushReply.nothing();
    }
    XmlFields reply;
    try {
      reply = parser.parse(answer);
    } catch (PushRejectedException notXml) {
      return PushReply.fallback("Udesk's answer is not a passive reply: " + notXml.getMessage());
    }
    if (!reply.rootIsXml()) {
      return PushReply.fallback(
          "Udesk's answer is not a passive reply: its root element is not <xml>");
    }
    List<String> missing = PassiveReply.of(reply).missingElements();
    if (!missing.isEmpty()) {
      return PushReply.fallback(
          "Udesk's answer is not a passive reply: it lacks " + String.join(", ", missing));
    }
    return PushReply.passive(answer);
  }
}
