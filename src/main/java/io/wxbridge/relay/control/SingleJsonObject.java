package io.wxbridge.relay.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads text that must be exactly one JSON object (or, for a form field, one JSON array).
 * JsonReader.readObject stops after the object and ignores what follows, so "{…} garbage" would
 * pass; a send must not go to WeChat half-read. Nesting is checked first, without recursion: a
 * hostile body of a million '[' must be a 400, not a StackOverflowError while the tree is built. A
 * key given twice in one object is refused too: the bridge would check one of its values and pass
 * the bytes on, and WeChat might read the other.
 */
final class SingleJsonObject {
  private static final JsonProvider JSON = JsonProvider.provider();

  /** WeChat's deepest message (news → articles → article) is 4 levels; templates are shallower. */
  static final int MAX_DEPTH = 64;

  /**
   * The object, or empty when the text is not exactly one JSON object.
   *
   * @throws UdeskCallException (400) when an object in it has a key twice
   */
  Optional<JsonObject> read(Reader text) {
    return readAll(text)
        .filter(SingleJsonObject::shallow)
        .flatMap(json -> parse(json, JsonParser.Event.START_OBJECT))
        .map(value -> (JsonObject) value);
  }

  /**
   * The array, or empty when the text is not exactly one JSON array.
   *
   * @throws UdeskCallException (400) when an object in it has a key twice
   */
  Optional<JsonArray> readArray(String text) {
    return Optional.of(text)
        .filter(SingleJsonObject::shallow)
        .flatMap(json -> parse(json, JsonParser.Event.START_ARRAY))
        .map(value -> (JsonArray) value);
  }

  private static Optional<jakarta.json.JsonValue> parse(String text, JsonParser.Event start) {
    Optional<jakarta.json.JsonValue> value = parseOnce(text, start);
    if (value.isPresent() && !keysOnce(text)) {
      throw UdeskCallException.malformed("a key is given twice in one JSON object");
    }
    return value;
  }

  private static Optional<jakarta.json.JsonValue> parseOnce(String text, JsonParser.Event start) {
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
   * Whether every object in the (well-formed) text has each key once. Checked on the parser's
   * events: JSON-P keeps one value of a repeated key, and its standard setting to refuse them
   * (JsonConfig.KEY_STRATEGY) applies to its readers only, not to the parser used here.
   */
  private static boolean keysOnce(String text) {
    Deque<Set<String>> objects = new ArrayDeque<>();
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT -> objects.push(new HashSet<>());
          case END_OBJECT -> objects.pop();
          case KEY_NAME -> {
            if (!objects.peek().add(parser.getString())) {
              return false;
            }
          }
          default -> {}
        }
      }
    }
    return true;
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
