package io.wxbridge.wechatapi.control;

import io.wxbridge.ProblemException;

/**
 * The bridge could not connect to the WeChat API (refused, connect timeout, unknown host, TLS
 * handshake), even after retrying: the request never reached WeChat.
 */
public class WeChatUnreachableException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public WeChatUnreachableException() {
    super(502, -1, "WeChat API unreachable");
  }
}
