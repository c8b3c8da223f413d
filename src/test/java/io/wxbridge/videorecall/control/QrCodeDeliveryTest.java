package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.wechatapi.entity.WeChatAnswer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The customer-service message that carries the QR image. */
class QrCodeDeliveryTest {

  @Test
  void imageMessageIsWeChatsCustomerServiceImageShape() {
    assertEquals(
        "{\"touser\":\"oVideo_1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"M-1_a\"}}",
        new String(QrCodeDelivery.imageMessage("oVideo_1", "M-1_a"), StandardCharsets.UTF_8));
  }

  @Test
  void onlyWeChatsErrcodeZeroCountsAsSent() {
    assertEquals(0, QrCodeDelivery.sendErrcode(json("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    assertEquals(45015, QrCodeDelivery.sendErrcode(json("{\"errcode\":45015,\"errmsg\":\"x\"}")));
    assertEquals(-1, QrCodeDelivery.sendErrcode(json("{}")), "an answer without errcode");
    assertEquals(
        -1,
        QrCodeDelivery.sendErrcode(json("{\"error\":\"bad gateway\"}")),
        "a gateway's JSON error page");
  }

  /** WeChat's answer with this JSON body, as the WeChat API facade hands it over. */
  private static WeChatAnswer json(String text) {
    return new WeChatAnswer(200, "application/json", text.getBytes(StandardCharsets.UTF_8));
  }
}
