package io.wxbridge.inbox.entity;

import io.wxbridge.accounts.entity.AppId;

/**
 * A push held by the inbox, as an instance claims it to hand it to Udesk.
 *
 * @param message the WeChat XML exactly as it is forwarded
 * @param description for the log ("text MsgId=… (encrypted)"), never the content
 * @param receivedAt epoch ms when the bridge recorded it
 */
public record InboxEntry(
    long id,
    AppId appId,
    PushIdentity identity,
    String description,
    byte[] message,
    long receivedAt,
    int attempts) {}
