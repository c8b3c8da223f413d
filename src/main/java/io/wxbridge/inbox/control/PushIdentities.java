package io.wxbridge.inbox.control;

import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.text.entity.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The identity rule (docs/inbox.md): a message is (AppID, FromUserName, MsgId), since MsgId alone
 * collided in practice (WxJava #333); an event, or a message without MsgId, is (AppID,
 * FromUserName, CreateTime and every other field by value: Event, EventKey, Ticket, Latitude, MsgID
 * of a template result...), so two different events of one follower in one second stay two pushes
 * while WeChat's retries of one event, whatever their whitespace or CDATA, are one. A message that
 * is not XML is identified by its exact bytes.
 */
@ApplicationScoped
public class PushIdentities {
  /** Longer values (never seen from WeChat) are hashed so the identity fits its columns. */
  static final int MAX_PART = 120;

  @Inject InboxXml xml;

  public PushIdentity of(byte[] message) {
    return of(message, Optional.empty());
  }

  /**
   * @param read the message's fields as {@link InboxXml#pushFields} reads them, when the caller has
   *     them; otherwise the message is read here
   */
  public PushIdentity of(byte[] message, Optional<Map<String, String>> read) {
    Optional<Map<String, String>> parsed = read.isPresent() ? read : xml.pushFields(message);
    if (parsed.isEmpty()) {
      return new PushIdentity("", "bytes:" + Digest.SHA_256.hex(message));
    }
    Map<String, String> fields = parsed.get();
    String follower = bounded(fields.getOrDefault("FromUserName", ""));
    String msgId = fields.getOrDefault("MsgId", "");
    if (!msgId.isBlank() && !"event".equalsIgnoreCase(fields.getOrDefault("MsgType", "").strip())) {
      return new PushIdentity(follower, "msg:" + bounded(msgId));
    }
    StringBuilder all = new StringBuilder();
    fields.forEach((name, value) -> all.append(name).append('=').append(value).append('\n'));
    String createTime = bounded(fields.getOrDefault("CreateTime", ""));
    return new PushIdentity(
        follower,
        "event:"
            + createTime
            + ":"
            + Digest.SHA_256.hex(all.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static String bounded(String value) {
    String trimmed = value.strip();
    return trimmed.length() <= MAX_PART
        ? trimmed
        : "sha256:" + Digest.SHA_256.hex(trimmed.getBytes(StandardCharsets.UTF_8));
  }
}
