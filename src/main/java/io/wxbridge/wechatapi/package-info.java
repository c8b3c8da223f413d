/**
 * The WeChat API, called on behalf of one account: {@link io.wxbridge.wechatapi.control.WeChatApi}
 * adds the account's access_token, recovers from token errors, retries what is safe to retry and
 * passes WeChat's answers back unchanged. May call: {@code token}, {@code outbound} and {@code
 * accounts}.
 */
package io.wxbridge.wechatapi;
