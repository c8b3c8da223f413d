package io.wxbridge.wechatapi.entity;

import io.wxbridge.accounts.entity.AppId;

/**
 * Fired (CDI event) for every answer of the WeChat API that carries a non-zero errcode, each
 * attempt counted (a -1 retried by Fault Tolerance, a token error retried with a new token): what
 * the metrics count by code.
 */
public record WeChatErrcode(AppId appId, int errcode) {}
