package io.wxbridge.push.entity;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.text.entity.Digest;
import java.util.Optional;

/**
 * What makes two pushes the same push, so that WeChat's retries (docs/protocol.md §3: no answer
 * within 5 s, up to 3 attempts) are answered without reaching Udesk twice. Messages are identified
 * by sender and MsgId (MsgId alone collided between followers in practice, WxJava #333); events and
 * anything else by their exact (decrypted) bytes, which WeChat's retries repeat. WeChat's own
 * advice for events, sender + CreateTime, is too coarse: two TEMPLATESENDJOBFINISH events for
 * different MsgIDs, or two LOCATION reports, can share a sender and a second, and the second would
 * never reach Udesk.
 */
public record PushKey(AppId appId, String identity) {

  public static PushKey of(AppId appId, Optional<InboundMessage> fields, byte[] message) {
    if (fields.isPresent()) {
      InboundMessage m = fields.get();
      if (InboundMessage.present(m.msgId())) {
        String sender = m.fromUserName() == null ? "" : m.fromUserName().trim();
        return new PushKey(appId, "msg:" + sender + "\n" + m.msgId().trim());
      }
    }
    return new PushKey(appId, "sha256:" + Digest.SHA_256.hex(message));
  }

  @Override
  public String toString() {
    return appId + "/" + identity.replace('\n', '|');
  }
}
