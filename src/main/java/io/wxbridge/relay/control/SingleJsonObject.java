package io.wxbridge.relay.control;

import io.wxbridge.jsontext.entity.JsonText;
import io.wxbridge.jsontext.entity.JsonText.UnreadableJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Reads text that must be exactly one JSON object (or, for a form field, one JSON array), read the
 * one way the bridge reads JSON ({@link JsonText}): "{…} garbage" or a hostile nesting is no
 * object, and a key given twice is refused outright.
 */
final class SingleJsonObject {

  /**
   * The object, or empty when the text is not exactly one JSON object.
   *
   * @throws UdeskCallException (400) when an object in it has a key twice
   */
  Optional<JsonObject> read(Reader text) {
    return readAll(text)
        .flatMap(SingleJsonObject::value)
        .filter(value -> value.getValueType() == JsonValue.ValueType.OBJECT)
        .map(JsonValue::asJsonObject);
  }

  /**
   * The array, or empty when the text is not exactly one JSON array.
   *
   * @throws UdeskCallException (400) when an object in it has a key twice
   */
  Optional<JsonArray> readArray(String text) {
    return value(text)
        .filter(value -> value.getValueType() == JsonValue.ValueType.ARRAY)
        .map(JsonValue::asJsonArray);
  }

  private static Optional<JsonValue> value(String text) {
    try {
      return Optional.of(JsonText.one(text));
    } catch (UnreadableJson unreadable) {
      if (unreadable.problem() == JsonText.Problem.KEY_TWICE) {
        throw UdeskCallException.malformed(unreadable.getMessage());
      }
      return Optional.empty();
    }
  }

  private static Optional<String> readAll(Reader text) {
    try {
      StringBuilder all = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
        all.append(buffer, 0, n);
      }
      return Optional.of(all.toString());
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }
}
