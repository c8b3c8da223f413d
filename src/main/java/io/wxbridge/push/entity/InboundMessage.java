package io.wxbridge.push.entity;

import io.wxbridge.wechatxml.entity.XmlFields;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.regex.Pattern;

/**
 * The few fields of a WeChat message or event the bridge reads itself: enough to log the push and
 * to recognise WeChat's retries of it. Everything else in the message is only forwarded, never
 * read, so unknown elements are ignored here on purpose.
 */
@XmlRootElement(name = "xml")
@XmlAccessorType(XmlAccessType.FIELD)
public class InboundMessage extends WeChatEnvelope {
  @XmlElement(name = "MsgId")
  private String msgId;

  @XmlElement(name = "Event")
  private String event;

  @XmlElement(name = "EventKey")
  private String eventKey;

  public InboundMessage() {}

  public InboundMessage(
      String fromUserName,
      String createTime,
      String msgType,
      String msgId,
      String event,
      String eventKey) {
    this.fromUserName = fromUserName;
    this.createTime = createTime;
    this.msgType = msgType;
    this.msgId = msgId;
    this.event = event;
    this.eventKey = eventKey;
  }

  /** The fields of a message the push face read ({@code FlatXml}). */
  public static InboundMessage of(XmlFields message) {
    InboundMessage read =
        new InboundMessage(
            message.get("FromUserName"),
            message.get("CreateTime"),
            message.get("MsgType"),
            message.get("MsgId"),
            message.get("Event"),
            message.get("EventKey"));
    read.toUserName = message.get("ToUserName");
    return read;
  }

  public String msgId() {
    return msgId;
  }

  public String event() {
    return event;
  }

  public String eventKey() {
    return eventKey;
  }

  public boolean isEvent() {
    return "event".equalsIgnoreCase(trimmed(msgType));
  }

  /** A short label for the log, e.g. "text MsgId=1234" or "event CLICK"; never the content. */
  public String describe() {
    String type = loggable(msgType, "unknown-type");
    if (isEvent()) {
      return "event " + loggable(event, "?");
    }
    return present(msgId) ? type + " MsgId=" + loggable(msgId, "") : type;
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }

  /** Compiled once: String.replaceAll compiled it for every push's log line. */
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.:-]");

  /** Keeps log lines one line long and free of anything a sender could use to forge log entries. */
  private static String loggable(String value, String absent) {
    if (!present(value)) {
      return absent;
    }
    String safe = UNSAFE.matcher(value.trim()).replaceAll("?");
    return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
  }
}
