package io.wxbridge.relay.control;

import io.wxbridge.text.entity.JsonText;
import io.wxbridge.text.entity.JsonText.UnreadableJson;
import io.wxbridge.text.entity.StrictText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Reads text that must be exactly one JSON object (or, for a form field, one JSON array), read the
 * one way the bridge reads JSON ({@link JsonText}): "{…} garbage" is no object, and a hostile
 * nesting or a key given twice is refused outright, saying so.
 */
final class SingleJsonObject {

  /**
   * The object in {@code body[start..]}, or empty when the bytes are not exactly one JSON object in
   * the charset (decoded strictly: a byte that is not text in it is no object, rather than a U+FFFD
   * in the check while the original bytes go on to WeChat).
   *
   * @throws UdeskCallException (400) when it nests too deep or an object in it has a key twice
   */
  Optional<JsonObject> read(byte[] body, int start, Charset charset) {
    return text(body, start, charset)
        .flatMap(SingleJsonObject::value)
        .filter(value -> value.getValueType() == JsonValue.ValueType.OBJECT)
        .map(JsonValue::asJsonObject);
  }

  /**
   * The array, or empty when the text is not exactly one JSON array.
   *
   * @throws UdeskCallException (400) when it nests too deep or an object in it has a key twice
   */
  Optional<JsonArray> readArray(String text) {
    return value(text)
        .filter(value -> value.getValueType() == JsonValue.ValueType.ARRAY)
        .map(JsonValue::asJsonArray);
  }

  /**
   * For a value the bridge writes out again: its strings must be text ({@link
   * JsonText#requireText}).
   *
   * @throws UdeskCallException (400) otherwise
   */
  static <T extends JsonValue> T asText(T value) {
    try {
      JsonText.requireText(value);
      return value;
    } catch (UnreadableJson notText) {
      throw UdeskCallException.malformed(notText.getMessage());
    }
  }

  /** Empty for text that is no JSON value; a 400 naming what is wrong for a hostile one. */
  private static Optional<JsonValue> value(String text) {
    try {
      return Optional.of(JsonText.one(text));
    } catch (UnreadableJson unreadable) {
      if (unreadable.problem() != JsonText.Problem.NOT_ONE_VALUE) {
        throw UdeskCallException.malformed(unreadable.getMessage());
      }
      return Optional.empty();
    }
  }

  private static Optional<String> text(byte[] body, int start, Charset charset) {
    try {
      return Optional.of(StrictText.decode(body, start, charset).toString());
    } catch (CharacterCodingException notText) {
      return Optional.empty();
    }
  }
}
