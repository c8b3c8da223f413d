package io.wxbridge.text.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.text.entity.JsonText.Problem;
import io.wxbridge.text.entity.JsonText.UnreadableJson;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

  private static Problem problem(String text) {
    return assertThrows(UnreadableJson.class, () -> JsonText.one(text), text).problem();
  }

  @Test
  void oneValueIsRead() {
    assertEquals(
        "{\"a\":[1,{\"b\":\"[{\"}]}", JsonText.one(" {\"a\":[1,{\"b\":\"[{\"}]} ").toString());
    assertEquals("[]", JsonText.one("[]").toString());
    assertEquals("\"x\"", JsonText.one("\"x\"").toString());
    String scalars = "{\"n\":1.50,\"big\":12345678901234567890,\"t\":true,\"f\":false,\"z\":null}";
    assertEquals(scalars, JsonText.one(scalars).toString(), "numbers keep their digits");
    assertEquals("[[],{},[{}]]", JsonText.one("[[],{},[{}]]").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "{} {}", "{}x", "{\"a\":}", "nul", "{'a':1}"})
  void whatIsNotExactlyOneValueIsRefused(String text) {
    assertEquals(Problem.NOT_ONE_VALUE, problem(text));
  }

  /** Parsson's own limit (1,000) ended in a bare RuntimeException: a 500 and a long stack trace. */
  @Test
  void deepNestingIsRefusedBeforeTheParserFollowsIt() {
    for (int depth : new int[] {JsonText.MAX_DEPTH + 1, 1_000, 1_500, 500_000}) {
      assertEquals(Problem.TOO_DEEP, problem("[".repeat(depth) + "]".repeat(depth)), "" + depth);
      assertEquals(Problem.TOO_DEEP, problem("[".repeat(depth)), "unclosed " + depth);
    }
    String deepest = "[".repeat(JsonText.MAX_DEPTH) + "]".repeat(JsonText.MAX_DEPTH);
    assertEquals(deepest, JsonText.one(deepest).toString());
    assertEquals(
        "{\"a\":\"[[[[\\\"{{{{\"}",
        JsonText.one("{\"a\":\"[[[[\\\"{{{{\"}").toString(),
        "brackets inside strings do not count");
  }

  @Test
  void aKeyGivenTwiceInAnyObjectIsRefused() {
    assertEquals(Problem.KEY_TWICE, problem("{\"a\":1,\"a\":1}"));
    assertEquals(Problem.KEY_TWICE, problem("{\"x\":{\"a\":1,\"b\":{},\"a\":2}}"));
    assertEquals(Problem.KEY_TWICE, problem("[{\"t\":1},{\"t\":1,\"t\":2}]"));
    assertEquals(
        "{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}",
        JsonText.one("{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}").toString(),
        "the same key in different objects is fine");
  }

  @Test
  void aTextThatIsNoJsonIsRefusedAsSuchWhateverKeysItRepeats() {
    assertEquals(Problem.NOT_ONE_VALUE, problem("{\"a\":1,\"a\":2"));
    assertEquals(Problem.NOT_ONE_VALUE, problem("[{\"t\":1,\"t\":2}] x"));
  }

  /** Parsson throws NumberFormatException and UnsupportedOperationException for these. */
  @Test
  void aNumberTheParserCannotHoldIsNotOneValueNeverAnException() {
    for (String number : new String[] {"1e2147483648", "-1E-2147483649", "1" + "0".repeat(1_200)}) {
      assertEquals(Problem.NOT_ONE_VALUE, problem("{\"n\":" + number + "}"), number);
      assertEquals(Problem.NOT_ONE_VALUE, problem(number), number);
      assertTrue(
          JsonText.answer(("{\"errcode\":" + number + "}").getBytes(StandardCharsets.UTF_8))
              .isEmpty(),
          number);
    }
  }

  @Test
  void aLoneSurrogateIsValidJsonButNoText() {
    for (String text :
        new String[] {"{\"a\":\"x\\ud800y\"}", "{\"\\udc00\":1}", "[[\"\\ud83d\"]]"}) {
      JsonValue value = JsonText.one(text);
      assertEquals(
          Problem.LONE_SURROGATE,
          assertThrows(UnreadableJson.class, () -> JsonText.requireText(value), text).problem());
    }
    JsonText.requireText(JsonText.one("{\"😀\":[\"\\ud83d\\ude00\",1,null,{\"a\":\"中\"}]}"));
  }

  @Test
  void bytesAreUtf8OrUtf16WithItsMarkDecodedStrictly() {
    byte[] utf8 = "{\"c\":\"café 😀\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("café 😀", JsonText.one(utf8).asJsonObject().getString("c"));
    byte[] bom = new byte[utf8.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(utf8, 0, bom, 3, utf8.length);
    assertEquals("café 😀", JsonText.one(bom).asJsonObject().getString("c"));
    byte[] utf16 = "\uFEFF{\"c\":\"中文\"}".getBytes(StandardCharsets.UTF_16BE);
    assertEquals("中文", JsonText.one(utf16).asJsonObject().getString("c"));
    byte[] latin1 = "{\"c\":\"café\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        Problem.NOT_UTF8,
        assertThrows(UnreadableJson.class, () -> JsonText.one(latin1)).problem(),
        "a byte that is no UTF-8 is refused, not read as U+FFFD");
  }

  @Test
  void anAnswerThatIsNotOneValueIsEmptyNeverAnException() {
    assertTrue(JsonText.answer("[".repeat(3_000).getBytes(StandardCharsets.UTF_8)).isEmpty());
    assertTrue(JsonText.answer("<html>".getBytes(StandardCharsets.UTF_8)).isEmpty());
    assertTrue(
        JsonText.answer(
                "{\"errcode\":0,\"nickname\":\"x\\ud83d\",\"a\":1,\"a\":2}"
                    .getBytes(StandardCharsets.UTF_8))
            .isPresent(),
        "an answer is read leniently otherwise: a truncated nickname, a repeated key");
    assertEquals(
        2,
        JsonText.answer("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8))
            .orElseThrow()
            .asJsonObject()
            .getInt("a"),
        "the last of a repeated key counts, as JSON-P reads it");
    assertEquals(
        0,
        JsonText.answer("{\"errcode\":0}".getBytes(StandardCharsets.UTF_8))
            .orElseThrow()
            .asJsonObject()
            .getInt("errcode"));
  }
}
