package io.wxbridge.wechatapi.control;

import io.wxbridge.ProblemException;

/** WeChat's answer to a JSON endpoint was larger than any JSON answer WeChat gives: not relayed. */
public class WeChatAnswerTooLargeException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public WeChatAnswerTooLargeException(int limit) {
    super(502, -1, "WeChat's answer is larger than " + limit + " bytes; not relayed");
  }
}
