package io.wxbridge.push.entity;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;

/**
 * The four elements every WeChat message, event and passive reply starts with (docs/protocol.md §3,
 * §4). Not an XML type of its own: its fields belong to each subclass's {@code <xml>} element.
 */
@XmlTransient
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class WeChatEnvelope {
  @XmlElement(name = "ToUserName")
  String toUserName;

  @XmlElement(name = "FromUserName")
  String fromUserName;

  @XmlElement(name = "CreateTime")
  String createTime;

  @XmlElement(name = "MsgType")
  String msgType;

  public String toUserName() {
    return toUserName;
  }

  public String fromUserName() {
    return fromUserName;
  }

  public String createTime() {
    return createTime;
  }

  public String msgType() {
    return msgType;
  }
}
