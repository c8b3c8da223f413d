/**
 * The WeChat API, called on behalf of one account: {@link io.wxbridge.wechatapi.control.WeChatApi}
 * adds the account's access_token, recovers from token errors, retries what is safe to retry and
 * passes WeChat's answers back unchanged. May call: {@code token}, {@code outbound}, {@code
 * accounts}, {@code text} (reading WeChat's answers) and {@code requests} (each call says which
 * request it is for, and its log lines name it: a retry or a lost answer is found by the
 * X-Request-Id of the call that met it).
 */
package io.wxbridge.wechatapi;
