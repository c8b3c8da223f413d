package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.videorecall.entity.RecallOrder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every shape of body a caller may send: the good ones understood, the bad ones named. */
class RecallOrderReaderTest {
  private final RecallOrderReader reader = new RecallOrderReader();

  private RecallOrder read(String body) {
    return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private VideoRecallException refused(String body) {
    return assertThrows(VideoRecallException.class, () -> read(body), body);
  }

  @Test
  void onlyTheOpenidIsRequired() {
    assertEquals(
        new RecallOrder("oVideo_1-x", -1, Optional.empty(), false),
        read("{\"openid\":\"oVideo_1-x\"}"));
  }

  @Test
  void everyFieldIsRead() {
    assertEquals(
        new RecallOrder("o1", 3, Optional.of("vip"), true),
        read(
            "{\"openid\":\"o1\",\"callTimes\":3,\"customChannel\":\"vip\",\"send\":true,\"unknown\":[1]}"));
    assertEquals(
        new RecallOrder("o1", -1, Optional.empty(), false),
        read("{\"openid\":\"o1\",\"callTimes\":null,\"customChannel\":\" \",\"send\":false}"));
  }

  @Test
  void theIdentifiersAreStringsOrWholeNumbers() {
    RecallOrder numeric = read("{\"openid\":\"o1\",\"sdkAppId\":1400999999}");
    assertEquals(Optional.of("1400999999"), numeric.sdkAppId());
    RecallOrder text =
        read("{\"openid\":\"o1\",\"sdkAppId\":\"1400999999\",\"offiAccountId\":\"gh_1\"}");
    assertEquals(Optional.of("1400999999"), text.sdkAppId());
    assertEquals(Optional.of("gh_1"), text.offiAccountId());
    for (String bad : new String[] {"1.5", "-3", "true", "\"a b\"", "[1]"}) {
      assertTrue(
          refused("{\"openid\":\"o1\",\"sdkAppId\":" + bad + "}").getMessage().contains("sdkAppId"),
          "sdkAppId " + bad + " is refused, naming the field");
    }
  }

  @Test
  void emptyOrNonJsonBodiesAreRefusedWithWeChatsFormatCodes() {
    assertEquals(44002, refused("").errcode());
    assertEquals(44002, refused("  \n").errcode());
    assertEquals(47001, refused("openid=o1").errcode());
    assertEquals(47001, refused("{\"openid\":\"o1\"").errcode());
    assertEquals(47001, refused("[\"o1\"]").errcode());
    assertEquals(47001, refused("\"o1\"").errcode());
    assertTrue(
        refused("{oops").getMessage().contains("not one valid JSON value"),
        "the refusal says the body is not valid JSON");
  }

  /** Each was a 500 with a thousand-line stack trace, or went on to Udesk half-understood. */
  @Test
  void hostileNestingRepeatedKeysAndBytesThatAreNoUtf8AreRefused() {
    VideoRecallException deep = refused("[".repeat(1_000));
    assertEquals(400, deep.status());
    assertEquals(47001, deep.errcode());
    assertTrue(
        refused("{\"openid\":\"bad id!\",\"openid\":\"oGood1\"}")
            .getMessage()
            .contains("a key is given twice"));
    byte[] notUtf8 = {
      '{', '"', 'o', 'p', 'e', 'n', 'i', 'd', '"', ':', '"', 'o', (byte) 0xFF, '"', '}'
    };
    VideoRecallException bytes =
        assertThrows(
            VideoRecallException.class, () -> reader.read(new ByteArrayInputStream(notUtf8)));
    assertEquals(47001, bytes.errcode());
    assertTrue(bytes.getMessage().contains("UTF-8"), bytes.getMessage());
  }

  @Test
  void aMissingOrMalformedOpenidIsNamed() {
    for (String body :
        new String[] {
          "{}",
          "{\"openid\":null}",
          "{\"openid\":\"\"}",
          "{\"openid\":42}",
          "{\"openid\":\"o1\\\"}\"}",
          "{\"openid\":\"" + "o".repeat(65) + "\"}",
          "{\"openid\":\"o 1\"}"
        }) {
      VideoRecallException refused = refused(body);
      assertEquals(400, refused.status(), body);
      assertEquals(40003, refused.errcode(), body);
      assertTrue(refused.getMessage().contains("openid"), "the refusal names openid: " + body);
    }
  }

  @Test
  void callTimesMayBeANumericString() {
    assertEquals(
        new RecallOrder("o1", 3, Optional.empty(), false),
        read("{\"openid\":\"o1\",\"callTimes\":\"3\"}"));
    assertEquals(
        new RecallOrder("o1", -1, Optional.empty(), false),
        read("{\"openid\":\"o1\",\"callTimes\":\"-1\"}"));
  }

  @Test
  void withoutABodyTheOrderIsReadFromTheQuery() {
    RecallOrder order =
        reader.read(
            InputStream.nullInputStream(),
            Map.of(
                "offiAccountOpenId", List.of("oQuery_1"),
                "callTimes", List.of("2"),
                "customChannel", List.of("vip 1"),
                "sdkAppId", List.of("1400999999"),
                "send", List.of("true"),
                "unknown", List.of("x")),
            null);
    assertEquals("oQuery_1", order.openid());
    assertEquals(2, order.callTimes());
    assertEquals(Optional.of("vip 1"), order.customChannel());
    assertEquals(Optional.of("1400999999"), order.sdkAppId());
    assertTrue(order.send());
  }

  @Test
  void aQueryOrderIsCheckedAsABodyIs() {
    Map<String, List<String>> twice = Map.of("openid", List.of("o1", "o2"));
    Map<String, List<String>> badSend = Map.of("openid", List.of("o1"), "send", List.of("yes"));
    Map<String, List<String>> badOpenid = Map.of("openid", List.of("o 1"));
    for (Map<String, List<String>> query : List.of(twice, badSend, badOpenid)) {
      VideoRecallException refused =
          assertThrows(
              VideoRecallException.class,
              () -> reader.read(InputStream.nullInputStream(), query, null),
              query.toString());
      assertEquals(400, refused.status(), query.toString());
    }
    assertEquals(
        44002,
        assertThrows(
                VideoRecallException.class,
                () ->
                    reader.read(
                        InputStream.nullInputStream(), Map.of("unknown", List.of("x")), null))
            .errcode(),
        "a query without an order field is an empty order");
    assertEquals(
        new RecallOrder("oBody", -1, Optional.empty(), false),
        reader.read(
            new ByteArrayInputStream("{\"openid\":\"oBody\"}".getBytes(StandardCharsets.UTF_8)),
            Map.of("openid", List.of("oQuery")),
            null),
        "a body wins over the query");
  }

  /** A client that posts parameters (Spring's RestTemplate with a MultiValueMap) sends a form. */
  @Test
  void aFormBodyIsReadAsTheQueryIs() {
    String form = "offiAccountOpenId=oForm_1&callTimes=2&customChannel=vip+%E4%B8%80&send=true&x=y";
    RecallOrder order =
        reader.read(
            new ByteArrayInputStream(form.getBytes(StandardCharsets.UTF_8)),
            Map.of("openid", List.of("oQuery")),
            "application/x-www-form-urlencoded; charset=UTF-8");
    assertEquals(new RecallOrder("oForm_1", 2, Optional.of("vip 一"), true), order, "the body wins");
    assertEquals(
        new RecallOrder("oJson", -1, Optional.empty(), false),
        reader.read(
            new ByteArrayInputStream("{\"openid\":\"oJson\"}".getBytes(StandardCharsets.UTF_8)),
            Map.of(),
            "application/x-www-form-urlencoded"),
        "curl -d labels JSON a form: JSON is read as JSON");
    byte[] marked = "\uFEFF{\"openid\":\"oMarked\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "oMarked",
        reader
            .read(new ByteArrayInputStream(marked), Map.of(), "application/x-www-form-urlencoded")
            .openid(),
        "also after a byte-order mark (curl -d @file of a file Notepad saved)");
    for (String malformed : new String[] {"openid=o%ZZ", "openid=o%FF", "unknown=1"}) {
      VideoRecallException refused =
          assertThrows(
              VideoRecallException.class,
              () ->
                  reader.read(
                      new ByteArrayInputStream(malformed.getBytes(StandardCharsets.UTF_8)),
                      Map.of(),
                      "application/x-www-form-urlencoded"),
              malformed);
      assertEquals(400, refused.status(), malformed);
    }
    assertThrows(
        VideoRecallException.class,
        () ->
            reader.read(
                new ByteArrayInputStream("openid=oText".getBytes(StandardCharsets.UTF_8)),
                Map.of(),
                "text/plain"),
        "only a form's label makes key=value a form");
  }

  @Test
  void callTimesIsMinusOneOrPositive() {
    for (String callTimes :
        new String[] {"0", "-2", "1.5", "\"0\"", "\"3.0\"", "\" 3\"", "true", "3000000000"}) {
      VideoRecallException refused = refused("{\"openid\":\"o1\",\"callTimes\":" + callTimes + "}");
      assertEquals(47001, refused.errcode(), callTimes);
      assertTrue(
          refused.getMessage().contains("callTimes"), "the refusal names callTimes: " + callTimes);
    }
  }

  @Test
  void customChannelAndSendAreChecked() {
    assertTrue(
        refused("{\"openid\":\"o1\",\"customChannel\":7}").getMessage().contains("customChannel"),
        "a numeric customChannel is refused, naming the field");
    assertTrue(
        refused("{\"openid\":\"o1\",\"customChannel\":\"a\\nb\"}")
            .getMessage()
            .contains("customChannel"),
        "a customChannel with a line break is refused, naming the field");
    assertTrue(
        refused("{\"openid\":\"o1\",\"customChannel\":\"" + "c".repeat(257) + "\"}")
            .getMessage()
            .contains("customChannel"),
        "a customChannel over 256 characters is refused, naming the field");
    assertEquals(
        Optional.of("😀".repeat(256)),
        read("{\"openid\":\"o1\",\"customChannel\":\"" + "😀".repeat(256) + "\"}").customChannel(),
        "an emoji is one character, not two UTF-16 units");
    assertTrue(
        refused("{\"openid\":\"o1\",\"customChannel\":\"a\\ud800b\"}")
            .getMessage()
            .contains("lone surrogate"),
        "a lone surrogate is refused (Udesk would get a '?')");
    assertTrue(
        refused("{\"openid\":\"o1\",\"send\":\"yes\"}").getMessage().contains("send"),
        "a send that is not a boolean is refused, naming the field");
  }

  @Test
  void aHugeBodyIsRefusedWithoutReadingItAll() {
    VideoRecallException refused =
        refused("{\"openid\":\"o1\",\"pad\":\"" + "x".repeat(20_000) + "\"}");
    assertEquals(413, refused.status());
  }

  @Test
  void aBodyDeclaredLargerThanAnOrderIsRefusedBeforeItIsRead() {
    reader.refuseIfDeclaredTooLarge(-1); // none declared: read, and bounded while read
    reader.refuseIfDeclaredTooLarge(RecallOrderReader.MAX_BODY_BYTES);
    VideoRecallException refused =
        assertThrows(
            VideoRecallException.class, () -> reader.refuseIfDeclaredTooLarge(40_000_000L));
    assertEquals(413, refused.status());
  }
}
