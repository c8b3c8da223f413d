package io.wxbridge.relay.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.Reader;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads a body that must be exactly one JSON object. JsonReader.readObject stops after the object
 * and ignores what follows, so "{…} garbage" would pass; a send must not go to WeChat half-read.
 */
final class SingleJsonObject {

  /** The object, or empty when the text is not exactly one JSON object. */
  Optional<JsonObject> read(Reader text) {
    try (JsonParser parser = Json.createParser(text)) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        return Optional.empty();
      }
      JsonObject object = parser.getObject();
      return parser.hasNext() ? Optional.empty() : Optional.of(object);
    } catch (JsonException | IllegalStateException | NoSuchElementException notOneObject) {
      return Optional.empty();
    }
  }
}
