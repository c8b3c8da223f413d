package io.wxbridge.forward.entity;

import io.wxbridge.accounts.entity.AppId;

/**
 * A WeChat message on its way to Udesk's message URL.
 *
 * @param message the plaintext WeChat XML, exactly as WeChat sent it (UTF-8)
 * @param description a label for the log ("text MsgId=…"), never the content
 */
public record UdeskPush(AppId appId, byte[] message, String description) {}
