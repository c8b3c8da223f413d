package io.wxbridge.forward.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerInUtf8Test {
  private static final String BODY =
      "<xml><ToUserName><![CDATA[o1]]></ToUserName><MsgType><![CDATA[text]]></MsgType>"
          + "<Content><![CDATA[您好，客服小王为您服务]]></Content></xml>";
  private static final Charset GBK = Charset.forName("GBK");
  private static final MediaType XML = MediaType.valueOf("text/xml");

  @Test
  void utf8WithoutAMarkIsPassedOnAsItCame() {
    byte[] answer = BODY.getBytes(StandardCharsets.UTF_8);
    byte[] declared = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + BODY).getBytes(UTF8);

    assertSame(answer, AnswerInUtf8.of(answer, charset("utf-8")));
    assertSame(answer, AnswerInUtf8.of(answer, XML));
    assertSame(declared, AnswerInUtf8.of(declared, null));
  }

  @Test
  void aGbkReplyDeclaredSoIsReEncodedWithItsDeclarationSayingUtf8() {
    byte[] answer = ("<?xml version=\"1.0\" encoding=\"GBK\"?>" + BODY).getBytes(GBK);

    assertEquals(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + BODY, utf8(AnswerInUtf8.of(answer, XML)));
  }

  @Test
  void aGbkReplyWithoutADeclarationIsReadInItsContentTypesCharset() {
    byte[] answer = BODY.getBytes(GBK);

    assertEquals(BODY, utf8(AnswerInUtf8.of(answer, charset("GBK"))));
  }

  /** Tomcat labels text/xml ISO-8859-1 when the application named no charset. */
  @Test
  void validUtf8IsUtf8WhateverItsLabelOrDeclarationSays() {
    byte[] labelled = BODY.getBytes(StandardCharsets.UTF_8);
    byte[] dotNet = ("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + BODY).getBytes(UTF8);

    assertEquals(BODY, utf8(AnswerInUtf8.of(labelled, charset("ISO-8859-1"))));
    assertEquals(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + BODY, utf8(AnswerInUtf8.of(dotNet, XML)));
  }

  @Test
  void byteOrderMarksSayTheEncodingAndAreDropped() {
    byte[] utf16 = BODY.getBytes(StandardCharsets.UTF_16); // big-endian, with its mark
    byte[] utf16le = withMark(new byte[] {(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE);
    byte[] utf8 = withMark(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, UTF8);

    assertEquals(BODY, utf8(AnswerInUtf8.of(utf16, XML)));
    assertEquals(BODY, utf8(AnswerInUtf8.of(utf16le, XML)));
    assertEquals(BODY, utf8(AnswerInUtf8.of(utf8, XML)));
  }

  /** Neither UTF-8 nor what it declares: judged as it came (and refused as no reply). */
  @Test
  void anAnswerNoEncodingReadsIsLeftAsItCame() {
    byte[] answer = ("<?xml version=\"1.0\" encoding=\"x-unknown\"?>" + BODY).getBytes(GBK);
    byte[] unlabelled = BODY.getBytes(GBK);

    assertArrayEquals(
        ("<?xml version=\"1.0\" encoding=\"x-unknown\"?>" + BODY).getBytes(GBK),
        AnswerInUtf8.of(answer, XML));
    assertArrayEquals(BODY.getBytes(GBK), AnswerInUtf8.of(unlabelled, charset("utf-8")));
    // ISO-8859-1 decodes any bytes: Tomcat's default label says nothing of GBK bytes
    assertArrayEquals(BODY.getBytes(GBK), AnswerInUtf8.of(unlabelled, charset("ISO-8859-1")));
  }

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private static byte[] withMark(byte[] mark, Charset charset) {
    byte[] text = BODY.getBytes(charset);
    byte[] all = new byte[mark.length + text.length];
    System.arraycopy(mark, 0, all, 0, mark.length);
    System.arraycopy(text, 0, all, mark.length, text.length);
    return all;
  }

  private static MediaType charset(String name) {
    return new MediaType("text", "xml", Map.of(MediaType.CHARSET_PARAMETER, name));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
