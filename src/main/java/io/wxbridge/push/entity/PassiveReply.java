package io.wxbridge.push.entity;

import io.wxbridge.wechatxml.entity.XmlFields;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/**
 * The envelope every passive reply shares (docs/protocol.md §4). The bridge checks that Udesk's
 * answer has it before handing the answer to WeChat, because WeChat shows the follower
 * "该公众号暂时无法提供服务" for anything it cannot read; the rest of the reply is passed on untouched.
 */
@XmlRootElement(name = "xml")
@XmlAccessorType(XmlAccessType.FIELD)
public class PassiveReply extends WeChatEnvelope {

  public PassiveReply() {}

  /** The envelope of a reply the push face read ({@code FlatXml}). */
  public static PassiveReply of(XmlFields reply) {
    PassiveReply envelope = new PassiveReply();
    envelope.toUserName = reply.get("ToUserName");
    envelope.fromUserName = reply.get("FromUserName");
    envelope.createTime = reply.get("CreateTime");
    envelope.msgType = reply.get("MsgType");
    return envelope;
  }

  /**
   * The names of the required elements that are missing or empty; empty when the envelope is
   * complete.
   */
  public List<String> missingElements() {
    List<String> missing = new ArrayList<>();
    if (!InboundMessage.present(toUserName)) {
      missing.add("ToUserName");
    }
    if (!InboundMessage.present(fromUserName)) {
      missing.add("FromUserName");
    }
    if (!InboundMessage.present(createTime)) {
      missing.add("CreateTime");
    }
    if (!InboundMessage.present(msgType)) {
      missing.add("MsgType");
    }
    return missing;
  }
}
