package io.wxbridge.wechatapi.entity;

import io.wxbridge.text.entity.JsonText;
import io.wxbridge.text.entity.StrictText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * WeChat's answer exactly as received: HTTP status, Content-Type and the body bytes (JSON). The
 * bridge passes it on unchanged; WeChat's own error answers (a non-zero errcode) are answers too.
 *
 * @param contentType WeChat's Content-Type header, or null if it sent none
 * @param errcode WeChat's errcode, if the body is a JSON object that has one (success answers often
 *     have none); parsed once, when the answer is received
 */
public record WeChatAnswer(int status, String contentType, byte[] body, OptionalInt errcode) {

  public WeChatAnswer(int status, String contentType, byte[] body) {
    this(
        status,
        contentType,
        body == null ? new byte[0] : body,
        errcodeOf(body == null ? new byte[0] : body));
  }

  private static OptionalInt errcodeOf(byte[] body) {
    // after a byte-order mark, as JsonText reads it (a proxy in front of WeChat may add one)
    int start = StrictText.utf8MarkLength(body);
    while (start < body.length && Character.isWhitespace(body[start])) {
      start++;
    }
    if (start == body.length || body[start] != '{') {
      return OptionalInt.empty();
    }
    return JsonText.answer(body).orElse(null) instanceof JsonObject json
            && json.get("errcode") instanceof JsonNumber code
        ? OptionalInt.of(code.intValue())
        : OptionalInt.empty();
  }

  /** errcode -1, "system busy": WeChat did not do it, and asks to try again later. */
  public boolean busy() {
    return errcode.orElse(0) == -1;
  }

  /** The body as UTF-8 text (WeChat's JSON answers are UTF-8). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WeChatAnswer that
        && status == that.status
        && java.util.Objects.equals(contentType, that.contentType)
        && Arrays.equals(body, that.body);
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
