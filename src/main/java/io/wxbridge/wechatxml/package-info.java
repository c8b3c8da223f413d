/**
 * Reading WeChat's XML (pushes, and passive replies as Udesk answers them): one hardened streaming
 * pass into flat fields, the same for the push face and the inbox, and when an answer says nothing
 * ({@code PassiveAnswer}). May call: {@code text} (decoding the bytes).
 */
package io.wxbridge.wechatxml;
