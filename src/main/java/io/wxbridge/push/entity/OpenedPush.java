package io.wxbridge.push.entity;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.EncodingAesKey;
import io.wxbridge.wechatxml.entity.XmlFields;
import java.util.Optional;

/**
 * A push that passed every check: its message exactly as WeChat sent it (decrypted in compatible
 * and safe mode), the fields read from it, and what the answer needs.
 *
 * @param message the message bytes to forward, unchanged
 * @param fields the fields the bridge reads; empty when the decrypted message is not XML
 * @param nonce the request's nonce, echoed in an encrypted reply
 * @param replyKey in compatible and safe mode, the key that opened the push; empty in plaintext
 *     mode
 * @param xml every field of the message as it was read (the inbox identifies the push by them, so
 *     it need not read the message again); empty when the message is not XML
 */
public record OpenedPush(
    AppId appId,
    byte[] message,
    Optional<InboundMessage> fields,
    String nonce,
    Optional<EncodingAesKey> replyKey,
    Optional<XmlFields> xml) {

  /** A push whose fields the inbox reads from its message itself. */
  public OpenedPush(
      AppId appId,
      byte[] message,
      Optional<InboundMessage> fields,
      String nonce,
      Optional<EncodingAesKey> replyKey) {
    this(appId, message, fields, nonce, replyKey, Optional.empty());
  }

  public boolean encrypted() {
    return replyKey.isPresent();
  }

  public PushKey key() {
    return PushKey.of(appId, fields, message);
  }

  /** For the log: the message type and id, and the mode; never the content. */
  public String describe() {
    String what =
        fields
            .map(InboundMessage::describe)
            .orElse("non-XML message of " + message.length + " bytes");
    return what + (encrypted() ? " (encrypted)" : " (plaintext)");
  }
}
