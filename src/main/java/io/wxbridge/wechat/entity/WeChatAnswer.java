package io.wxbridge.wechat.entity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * WeChat's answer exactly as received: HTTP status, Content-Type and the body bytes (JSON). The
 * bridge passes it on unchanged; WeChat's own error answers (a non-zero errcode) are answers too.
 *
 * @param contentType WeChat's Content-Type header, or null if it sent none
 */
public record WeChatAnswer(int status, String contentType, byte[] body) {

  public WeChatAnswer {
    body = body == null ? new byte[0] : body;
  }

  /** The body as UTF-8 text (WeChat's JSON answers are UTF-8). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WeChatAnswer that && status == that.status
        && java.util.Objects.equals(contentType, that.contentType) && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * status + java.util.Objects.hashCode(contentType)) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "WeChatAnswer[" + status + ", " + contentType + ", " + body.length + " bytes]";
  }
}
