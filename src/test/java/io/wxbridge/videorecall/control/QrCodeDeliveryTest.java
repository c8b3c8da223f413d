package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.TestAccounts;
import io.wxbridge.videorecall.entity.ImageType;
import io.wxbridge.videorecall.entity.QrCodeDelivered;
import io.wxbridge.videorecall.entity.QrImage;
import io.wxbridge.videorecall.entity.UdeskQrCode;
import io.wxbridge.wechatapi.control.WeChatApi;
import io.wxbridge.wechatapi.entity.MediaUpload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
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

  /**
   * Udesk issued the QR code before WeChat answered the send with a gateway's HTML page: the caller
   * gets the QR code with the failure, not an error in its place.
   */
  @Test
  void anUnreadableAnswerOfWeChatsIsReportedBesideTheQrCode() {
    QrCodeDelivery delivery = new QrCodeDelivery();
    delivery.images =
        new QrImageFetcher() {
          @Override
          public QrImage fetch(URI url) {
            return new QrImage(new byte[] {1}, ImageType.PNG);
          }
        };
    delivery.wechat =
        new WeChatApi() {
          @Override
          public WeChatAnswer uploadMedia(
              Account account, String type, MediaUpload upload, OnBehalfOf caller) {
            return answer(200, "{\"type\":\"image\",\"media_id\":\"m1\"}");
          }

          @Override
          public WeChatAnswer postJson(
              Account account, String path, byte[] json, RetrySafety safety, OnBehalfOf caller) {
            return answer(502, "<html>Bad Gateway</html>");
          }
        };
    JsonObject udesk = Json.createObjectBuilder().add("code", 1000).build();
    QrCodeDelivered delivered =
        delivery.deliver(
            TestAccounts.plain("wxqrcodeunit00001"),
            "o1",
            new UdeskQrCode(new byte[0], udesk, URI.create("https://img.example/qr.png")),
            OnBehalfOf.TOKEN_TIMER);

    assertEquals(-1, delivered.errcode());
    JsonObject answer =
        Json.createReader(new ByteArrayInputStream(delivered.answer())).readObject();
    assertEquals(udesk, answer.getJsonObject("qrcode"));
    assertEquals("m1", answer.getJsonObject("upload").getString("media_id"));
    assertFalse(answer.containsKey("send"), answer.toString());
  }

  private static WeChatAnswer answer(int status, String body) {
    return new WeChatAnswer(status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
  }
}
