package io.wxbridge.wechatapi.control;

import io.wxbridge.ProblemException;
import io.wxbridge.wechatapi.entity.Delivery;

/**
 * WeChat took the request but did not answer in time (read timeout, connection lost). The request
 * may have been carried out, so it is not repeated, and a message send says so to Udesk.
 */
public class WeChatNoAnswerException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public WeChatNoAnswerException(Delivery delivery) {
    super(504, -1, delivery == Delivery.SENDS_MESSAGE
        ? "no answer from WeChat in time; the message may have been delivered, it was not retried"
        : "no answer from WeChat in time");
  }
}
