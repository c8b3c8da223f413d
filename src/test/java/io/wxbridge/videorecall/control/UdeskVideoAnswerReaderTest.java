package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.videorecall.entity.UdeskQrCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Udesk's answers: the documented success, its refusals, and what is not an answer at all. */
class UdeskVideoAnswerReaderTest {
  private final UdeskVideoAnswerReader reader = new UdeskVideoAnswerReader();

  @Test
  void documentedSuccessGivesTheUrlAndKeepsTheAnswerAsReceived() {
    byte[] body =
        bytes(
            "{\"code\": 1000, \"data\": {\"qrCodeUrl\": \"https://pro-cs-freq.oss-cn-hangzhou.aliyuncs.com"
                + "/image/4db/26g/system/-26g/1607400490053_1607400490053.png\"}, \"message\": \"ok\", \"extra\": 1}");
    UdeskQrCode qrCode = reader.read(200, body);

    assertEquals("pro-cs-freq.oss-cn-hangzhou.aliyuncs.com", qrCode.qrCodeUrl().getHost());
    assertArrayEquals(body, qrCode.answer());
  }

  @Test
  void otherCodesAreUdesksRefusalWithItsCodeAndMessage() {
    VideoRecallException refused =
        assertThrows(
            VideoRecallException.class,
            () -> reader.read(200, bytes("{\"code\":4002,\"message\":\"token invalid\"}")));
    assertEquals(502, refused.status());
    assertEquals(4002, refused.errcode());
    assertTrue(
        refused.getMessage().contains("code 4002")
            && refused.getMessage().contains("token invalid"),
        "the refusal quotes Udesk's code and message: " + refused.getMessage());
  }

  @Test
  void udesksCodeZeroIsNotPassedOnAsSuccess() {
    VideoRecallException refused =
        assertThrows(
            VideoRecallException.class,
            () -> reader.read(200, bytes("{\"code\":0,\"message\":\"ok?\"}")));
    assertEquals(502, refused.status());
    assertEquals(-1, refused.errcode(), "errcode 0 means success to a WeChat-shaped reader");
    assertTrue(refused.getMessage().contains("code 0"), refused.getMessage());
  }

  @Test
  void aRefusalWithAnHttpErrorStatusStillSaysUdesksCode() {
    assertEquals(
        4001,
        assertThrows(
                VideoRecallException.class,
                () -> reader.read(401, bytes("{\"code\":\"4001\",\"message\":\"unauthorized\"}")))
            .errcode());
  }

  @Test
  void udesksMessageIsShortenedAndStrippedOfControlCharacters() {
    String longMessage = "bad\r\nline" + "x".repeat(500);
    VideoRecallException refused =
        assertThrows(
            VideoRecallException.class,
            () ->
                reader.read(
                    200,
                    bytes(
                        "{\"code\":3001,\"message\":\""
                            + longMessage.replace("\r\n", "\\r\\n")
                            + "\"}")));
    assertTrue(
        !refused.getMessage().contains("\n") && refused.getMessage().length() < 320,
        "Udesk's message is shortened to one line: " + refused.getMessage());
  }

  @Test
  void somethingThatIsNotUdesksJsonIsMalformed() {
    for (String body :
        new String[] {
          "<html>hello</html>",
          "",
          "[1000]",
          "{\"message\":\"ok\"}",
          "{\"code\":1000,\"message\":\"ok\"}",
          "{\"code\":1000,\"data\":{\"qrCodeUrl\":42}}",
          "{\"code\":1000,\"data\":{\"qrCodeUrl\":\"javascript:alert(1)\"}}",
          "{\"code\":1.5}",
          "{\"code\":99999999999}",
          "[".repeat(3_000) // was a 500 and a thousand-line stack trace
        }) {
      VideoRecallException malformed =
          assertThrows(VideoRecallException.class, () -> reader.read(200, bytes(body)), body);
      assertEquals(502, malformed.status(), body);
      assertEquals(-1, malformed.errcode(), body);
      assertTrue(
          malformed.getMessage().contains("malformed"), body + " -> " + malformed.getMessage());
    }
  }

  @Test
  void anHttpErrorWithoutUdesksJsonSaysTheStatus() {
    VideoRecallException error =
        assertThrows(
            VideoRecallException.class,
            () -> reader.read(503, bytes("<html>Service Unavailable</html>")));
    assertTrue(
        error.getMessage().contains("HTTP 503"),
        "the error names the HTTP status: " + error.getMessage());
  }

  @Test
  void code1000WithAnHttpErrorIsNotTakenAsSuccess() {
    assertThrows(
        VideoRecallException.class,
        () ->
            reader.read(
                500,
                bytes("{\"code\":1000,\"data\":{\"qrCodeUrl\":\"https://x.example/q.png\"}}")));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
