/**
 * The Udesk face: the "simulated domain" Udesk calls as if it were the WeChat API. Every call is
 * relayed to the real WeChat API for the account the URL names, with the bridge's own access token;
 * WeChat's answer goes back to Udesk unchanged, because Udesk reads errcode itself. Udesk's
 * form-encoded message sends become the JSON WeChat expects; media are streamed both ways. May
 * call: {@code wechatapi}, {@code access} (who may call), {@code accounts}, {@code requests} and
 * {@code text} (reading the forms and JSON Udesk sends).
 */
package io.wxbridge.relay;
