package io.wxbridge.text.entity;

import static io.wxbridge.SharedJson.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The one way the bridge reads JSON it is given: exactly one value with nothing after it, nested at
 * most {@value #MAX_DEPTH} deep, and each key of an object once; every string text where the bridge
 * writes the value out again ({@link #requireText}). Answers of WeChat and Udesk, which are passed
 * on as they came, are held to the first two only ({@link #answer}).
 *
 * <p>The depth is checked on the text, without recursion, before the parser: Parsson's own limit
 * (1,000) ends in a bare RuntimeException, a 500 with a thousand-line stack trace per request. A
 * key given twice is refused because the bridge would check one of its values and pass the bytes
 * on, and the receiver might read the other (JSON-P's standard setting against such keys applies to
 * its readers, not to the parser used here).
 */
public final class JsonText {
  /** WeChat's deepest message (news, articles, article) is 4 levels; templates are shallower. */
  public static final int MAX_DEPTH = 64;

  private JsonText() {}

  /** Why a text is not read. */
  public enum Problem {
    NOT_ONE_VALUE("not one valid JSON value"),
    TOO_DEEP("nested deeper than " + MAX_DEPTH + " levels"),
    KEY_TWICE("a key is given twice in one JSON object"),
    LONE_SURROGATE("a string holds a lone surrogate (such as \\ud800), which is no character"),
    NOT_UTF8("not UTF-8");

    private final String description;

    Problem(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** The text is not one readable JSON value; a refusal, so without a stack trace. */
  public static final class UnreadableJson extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    UnreadableJson(Problem problem) {
      super(problem.description(), null, false, false);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /**
   * @throws UnreadableJson saying why the text is not one JSON value
   */
  public static JsonValue one(String text) {
    return value(text, true);
  }

  /** One pass of the parser builds the value and, when asked, checks each object's keys. */
  private static JsonValue value(String text, boolean keysOnce) {
    if (!shallow(text)) {
      throw new UnreadableJson(Problem.TOO_DEEP);
    }
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      if (!parser.hasNext()) {
        throw new UnreadableJson(Problem.NOT_ONE_VALUE);
      }
      Built built = build(parser, keysOnce);
      if (parser.hasNext()) {
        throw new UnreadableJson(Problem.NOT_ONE_VALUE);
      }
      if (built.keyTwice()) { // only now: a text that is no JSON at all is refused as such
        throw new UnreadableJson(Problem.KEY_TWICE);
      }
      return built.value();
    } catch (JsonException
        | IllegalStateException
        | NoSuchElementException
        | NumberFormatException // an exponent beyond an int (1e2147483648)
        | UnsupportedOperationException notJson) { // a number over Parsson's 1,100 digits
      throw new UnreadableJson(Problem.NOT_ONE_VALUE);
    }
  }

  private record Built(JsonValue value, boolean keyTwice) {}

  /** The value that starts at the parser's next event, built without recursion. */
  private static Built build(JsonParser parser, boolean keysOnce) {
    Deque<Open> open = new ArrayDeque<>();
    boolean keyTwice = false;
    while (true) {
      JsonParser.Event event = parser.next();
      JsonValue done;
      switch (event) {
        case START_OBJECT -> {
          open.push(new Open(JSON.createObjectBuilder(), null, keysOnce));
          continue;
        }
        case START_ARRAY -> {
          open.push(new Open(null, JSON.createArrayBuilder(), false));
          continue;
        }
        case KEY_NAME -> {
          keyTwice |= !open.peek().key(parser.getString());
          continue;
        }
        case END_OBJECT -> done = open.pop().object.build();
        case END_ARRAY -> done = open.pop().array.build();
        default -> done = parser.getValue();
      }
      if (open.isEmpty()) {
        return new Built(done, keyTwice);
      }
      open.peek().add(done);
    }
  }

  /** An object or array being built, with the keys its object has had (when they are checked). */
  private static final class Open {
    final JsonObjectBuilder object;
    final JsonArrayBuilder array;
    final Set<String> keys;
    String key;

    Open(JsonObjectBuilder object, JsonArrayBuilder array, boolean checkKeys) {
      this.object = object;
      this.array = array;
      this.keys = checkKeys ? new HashSet<>() : null;
    }

    /** False when the object had the key before (and keys are checked). */
    boolean key(String name) {
      key = name;
      return keys == null || keys.add(name);
    }

    void add(JsonValue value) {
      if (object != null) {
        object.add(key, value);
      } else {
        array.add(value);
      }
    }
  }

  /**
   * JSON bytes in UTF-8 as RFC 8259 requires (a byte-order mark skipped), or in UTF-16 after its
   * byte-order mark (as JSON-P read them before); decoded strictly, so a byte that is not text is
   * refused rather than read as U+FFFD and passed on.
   *
   * @throws UnreadableJson saying why the bytes are not one JSON value
   */
  public static JsonValue one(byte[] body) {
    return one(text(body));
  }

  /**
   * An answer's JSON value (WeChat's, Udesk's), or empty when it is not one value nested at most
   * {@value #MAX_DEPTH} deep, or followed by more. Read as leniently as before otherwise (a
   * repeated key, a lone surrogate in a truncated nickname, a byte that is no UTF-8, a byte-order
   * mark): the bridge passes answers on as they came and only reads an errcode or a URL in them.
   */
  public static Optional<JsonValue> answer(byte[] body) {
    int start = StrictText.utf8MarkLength(body);
    try {
      return Optional.of(
          value(new String(body, start, body.length - start, StandardCharsets.UTF_8), false));
    } catch (UnreadableJson unreadable) {
      return Optional.empty();
    }
  }

  private static String text(byte[] body) {
    boolean utf16 = startsWith(body, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE);
    try {
      return utf16
          ? StrictText.decode(body, 0, StandardCharsets.UTF_16).toString() // reads its mark itself
          : StrictText.utf8(body).toString();
    } catch (CharacterCodingException notText) {
      throw new UnreadableJson(Problem.NOT_UTF8);
    }
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether brackets outside strings nest at most MAX_DEPTH deep (the parser checks the rest). */
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

  /**
   * For a value the bridge writes out again (rather than passing its bytes on): every string in it
   * must be text. A lone surrogate (an escape such as \ud800) is valid JSON but no character, and
   * written out as UTF-8 it becomes a '?'. Bytes passed on as received keep it: WeChat reads what
   * Udesk wrote (a truncated emoji costs one character, not the message).
   *
   * @throws UnreadableJson when a key or string holds a lone surrogate
   */
  public static void requireText(JsonValue value) {
    switch (value.getValueType()) {
      case OBJECT ->
          value
              .asJsonObject()
              .forEach(
                  (key, member) -> {
                    wellFormed(key);
                    requireText(member);
                  });
      case ARRAY -> value.asJsonArray().forEach(JsonText::requireText);
      case STRING -> wellFormed(((jakarta.json.JsonString) value).getString());
      default -> {}
    }
  }

  private static void wellFormed(String string) {
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < string.length()
          && Character.isLowSurrogate(string.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new UnreadableJson(Problem.LONE_SURROGATE);
      }
    }
  }
}
