package io.wxbridge.inbox.entity;

/**
 * What makes two pushes of one account the same push (docs/inbox.md, "Identity"): the follower and,
 * for a message, its MsgId; for an event (or a message without MsgId), its CreateTime plus a hash
 * of every field it carries (Event, EventKey, Ticket, Latitude, MsgID...), compared by value.
 *
 * @param follower FromUserName (the follower's OpenID); empty when the message is not XML
 * @param key "msg:&lt;MsgId&gt;", "event:&lt;CreateTime&gt;:&lt;sha256&gt;" or
 *     "bytes:&lt;sha256&gt;"
 */
public record PushIdentity(String follower, String key) {

  @Override
  public String toString() {
    return follower + "/" + key;
  }
}
