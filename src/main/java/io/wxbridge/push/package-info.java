/**
 * WeChat's pushes to the bridge ({@code /wechat/{appid}}): owns checking a push (signature, AES,
 * AppID), recognising WeChat's retries, and turning Udesk's answer into WeChat's passive reply. May
 * call: {@code forward} (to hand the message to Udesk), {@code inbox}, {@code accounts}, {@code
 * wechatxml} (reading XML from outside), {@code text} and {@code requests} (the request's id in its
 * log lines).
 */
package io.wxbridge.push;
