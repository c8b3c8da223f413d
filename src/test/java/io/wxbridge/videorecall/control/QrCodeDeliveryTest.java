package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
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

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
