package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
