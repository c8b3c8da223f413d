package io.wxbridge.relay.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads text that must be exactly one JSON object (or, for a form field, one JSON array).
 * JsonReader.readObject stops after the object and ignores what follows, so "{…} garbage" would
 * pass; a send must not go to WeChat half-read. Nesting is checked first, without recursion: a
 * hostile body of a million '[' must be a 400, not a StackOverflowError while the tree is built.
 */
final class SingleJsonObject {
  private static final JsonProvider JSON = JsonProvider.provider();

  /** WeChat's deepest message (news → articles → article) is 4 levels; templates are shallower. */
  static final int MAX_DEPTH = 64;

  /** The object, or empty when the text is not exactly one JSON object. */
  Optional<JsonObject> read(Reader text) {
    return readAll(text)
        .filter(SingleJsonObject::shallow)
        .flatMap(json -> parse(json, JsonParser.Event.START_OBJECT))
        .map(value -> (JsonObject) value);
  }

  /** The array, or empty when the text is not exactly one JSON array. */
  Optional<JsonArray> readArray(String text) {
    return Optional.of(text)
        .filter(SingleJsonObject::shallow)
        .flatMap(json -> parse(json, JsonParser.Event.START_ARRAY))
        .map(value -> (JsonArray) value);
  }

  private static Optional<jakarta.json.JsonValue> parse(String text, JsonParser.Event start) {
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      if (!parser.hasNext() || parser.next() != start) {
        return Optional.empty();
      }
      jakarta.json.JsonValue value =
          start == JsonParser.Event.START_OBJECT ? parser.getObject() : parser.getArray();
      return parser.hasNext() ? Optional.empty() : Optional.of(value);
    } catch (JsonException | IllegalStateException | NoSuchElementException notOneValue) {
      return Optional.empty();
    }
  }

  /**
   * Whether brackets outside strings nest at most MAX_DEPTH deep (the parser then checks the rest).
   */
  private static boolean shallow(String text) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) {
          return false;
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return true;
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
