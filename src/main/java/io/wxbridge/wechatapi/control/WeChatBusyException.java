package io.wxbridge.wechatapi.control;

import io.wxbridge.wechatapi.entity.WeChatAnswer;

/**
 * WeChat answered -1 (system busy): Fault Tolerance retries the call. When the retries are used up,
 * {@link WeChatApi} hands WeChat's -1 answer to the caller unchanged, so this never leaves the facade.
 */
public class WeChatBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient WeChatAnswer answer;

  public WeChatBusyException(WeChatAnswer answer) {
    super("WeChat answered -1 (system busy)");
    this.answer = answer;
  }

  public WeChatAnswer answer() {
    return answer;
  }
}
