package io.wxbridge.videorecall.control;

import static io.wxbridge.SharedJson.JSON;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.wxbridge.text.entity.FormFields;
import io.wxbridge.text.entity.JsonText;
import io.wxbridge.text.entity.JsonText.UnreadableJson;
import io.wxbridge.text.entity.StrictText;
import io.wxbridge.videorecall.entity.RecallOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {"openid":…, "callTimes":…, "customChannel":…, "send":…}, or seed 002's own body
 * {"sdkAppId":…, "offiAccountId":…, "offiAccountOpenId":…, "callTimes":…, "customChannel":…}, into
 * a {@link RecallOrder}, refusing anything else with a message that names the field: a caller's
 * mistake must come back as a clear 4xx, never reach Udesk half-understood. Unknown fields are
 * ignored. Seed 002 gives no example request, so a form body, or a request without a body in its
 * query, may carry the same fields (callTimes and send as their text), and callTimes may be a
 * numeric string.
 */
@ApplicationScoped
public class RecallOrderReader {
  static final int MAX_BODY_BYTES = 16 * 1024;

  /** WeChat OpenIDs are 28 characters of [A-Za-z0-9_-]; some room for other shapes. */
  private static final Pattern OPENID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final int MAX_CHANNEL_CHARS = 256;

  private static final List<String> FIELDS =
      List.of(
          "openid",
          "offiAccountOpenId",
          "callTimes",
          "customChannel",
          "send",
          "sdkAppId",
          "offiAccountId");

  /**
   * @throws VideoRecallException naming what is wrong
   */
  public RecallOrder read(InputStream body) {
    return read(body, Map.of(), null);
  }

  /**
   * Refuses (413) a body declared larger than an order can be before any of it is read: on WildFly
   * one above Undertow's max-post-size fails its first read and left the reader with a pooled
   * buffer's stale bytes (a misleading 400 instead of the 413).
   *
   * @param declared the request's Content-Length, or -1 when it declares none
   */
  public void refuseIfDeclaredTooLarge(long declared) {
    if (declared > MAX_BODY_BYTES) {
      throw VideoRecallException.orderTooLarge(MAX_BODY_BYTES);
    }
  }

  /**
   * @param query the request's decoded query parameters, read when the body is empty
   * @param contentType the request's, or null: a form's body is read as a form unless it is JSON
   * @throws VideoRecallException naming what is wrong
   */
  public RecallOrder read(InputStream body, Map<String, List<String>> query, String contentType) {
    byte[] bytes = bounded(body);
    int mark = StrictText.utf8MarkLength(bytes); // a file saved by Notepad, sent with curl -d @
    String text = new String(bytes, mark, bytes.length - mark, StandardCharsets.UTF_8).strip();
    if (!text.isEmpty()) {
      // curl -d '{…}' labels JSON a form: what the body is decides, its label only for a form
      return read(isForm(contentType) && !text.startsWith("{") ? fromForm(bytes) : object(bytes));
    }
    return read(fields(query));
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType
            .strip()
            .toLowerCase(Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded");
  }

  /**
   * A form's fields, as a client that posts parameters sends them (Spring's RestTemplate with a
   * MultiValueMap, a browser form), decoded strictly: the bridge itself sends Udesk both a JSON
   * body and the query, for either kind of reader, so it reads either kind of writer.
   */
  private static JsonObject fromForm(byte[] body) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    try {
      String text = StrictText.decode(body, StrictText.utf8MarkLength(body), UTF_8).toString();
      // no bound of its own: the body's (a field takes at least one of its bytes)
      for (FormFields.Field field : FormFields.read(text.strip(), UTF_8, MAX_BODY_BYTES)) {
        form.computeIfAbsent(field.name(), any -> new ArrayList<>()).add(field.value());
      }
    } catch (CharacterCodingException | IllegalArgumentException unreadable) {
      throw VideoRecallException.badOrder(
          "the form body must be well-formed percent-encoding of UTF-8 text");
    }
    if (FIELDS.stream().noneMatch(form::containsKey)) {
      throw VideoRecallException.badOrder("the form has none of the fields " + FIELDS);
    }
    return fromQuery(form);
  }

  private static JsonObject fields(Map<String, List<String>> parameters) {
    if (FIELDS.stream().noneMatch(parameters::containsKey)) {
      throw VideoRecallException.emptyOrder();
    }
    return fromQuery(parameters);
  }

  private static RecallOrder read(JsonObject order) {
    return new RecallOrder(
        openid(order),
        callTimes(order),
        customChannel(order),
        send(order),
        identifier(order, "sdkAppId"),
        identifier(order, "offiAccountId"));
  }

  /** The order's fields in the query or a form as JSON: send as a boolean. */
  private static JsonObject fromQuery(Map<String, List<String>> query) {
    JsonObjectBuilder order = JSON.createObjectBuilder();
    for (String field : FIELDS) {
      List<String> values = query.getOrDefault(field, List.of());
      if (values.size() > 1) {
        throw VideoRecallException.badOrder(field + " must be given once");
      }
      if (values.isEmpty()) {
        continue;
      }
      String value = values.get(0);
      if (field.equals("send") && (value.equals("true") || value.equals("false"))) {
        order.add(field, Boolean.parseBoolean(value));
      } else {
        order.add(field, value);
      }
    }
    return order.build();
  }

  private static byte[] bounded(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try (body) {
      byte[] read = body.readNBytes(MAX_BODY_BYTES + 1);
      if (read.length > MAX_BODY_BYTES) {
        throw VideoRecallException.orderTooLarge(MAX_BODY_BYTES);
      }
      return read;
    } catch (IOException broken) {
      throw VideoRecallException.orderCutOff();
    }
  }

  private static JsonObject object(byte[] body) {
    JsonValue value;
    try {
      value = JsonText.one(body);
      JsonText.requireText(value); // its fields go on to Udesk re-encoded
    } catch (UnreadableJson unreadable) {
      throw VideoRecallException.badOrder(
          "the body must be one JSON object in UTF-8 (" + unreadable.getMessage() + ")");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw VideoRecallException.badOrder("the body must be a JSON object, not " + describe(value));
    }
    return value.asJsonObject();
  }

  private static Optional<String> identifier(JsonObject order, String field) {
    JsonValue value = order.get(field);
    if (absent(value)) {
      return Optional.empty();
    }
    // the seed gives no type, and Tencent's SDKAppIDs are numbers: 1400999999 is read as
    // "1400999999"
    BigInteger whole =
        value instanceof JsonNumber number && number.isIntegral() ? number.bigIntegerValue() : null;
    String id =
        whole != null && whole.signum() >= 0
            ? whole.toString()
            : value instanceof JsonString text ? text.getString() : "";
    if (!OPENID.matcher(id).matches()) {
      throw VideoRecallException.badOrder(
          field + " must be a string of 1 to 64 letters, digits, '-' or '_' (or a whole number)");
    }
    return Optional.of(id);
  }

  private static String openid(JsonObject order) {
    JsonValue value =
        absent(order.get("openid")) ? order.get("offiAccountOpenId") : order.get("openid");
    if (absent(value)) {
      throw VideoRecallException.badOpenid(
          "openid is missing (or offiAccountOpenId): the follower's OpenID in this account");
    }
    if (!(value instanceof JsonString openid) || !OPENID.matcher(openid.getString()).matches()) {
      throw VideoRecallException.badOpenid(
          "openid must be a string of 1 to 64 letters, digits, '-' or '_'");
    }
    return openid.getString();
  }

  private static int callTimes(JsonObject order) {
    JsonValue value = order.get("callTimes");
    if (absent(value)) {
      return -1;
    }
    Optional<Integer> callTimes = Optional.empty();
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        callTimes = Optional.of(number.intValueExact());
      } catch (ArithmeticException tooBig) {
        // reported below
      }
    } else if (value instanceof JsonString text && text.getString().matches("-?\\d{1,9}")) {
      callTimes = Optional.of(Integer.parseInt(text.getString()));
    }
    if (callTimes.filter(times -> times == -1 || times > 0).isPresent()) {
      return callTimes.get();
    }
    throw VideoRecallException.badOrder(
        "callTimes must be -1 (unlimited, the default) or a positive whole number");
  }

  private static Optional<String> customChannel(JsonObject order) {
    JsonValue value = order.get("customChannel");
    if (absent(value)) {
      return Optional.empty();
    }
    // counted in characters as a person counts them: an emoji is one
    if (!(value instanceof JsonString channel)
        || channel.getString().codePointCount(0, channel.getString().length()) > MAX_CHANNEL_CHARS
        || channel.getString().codePoints().anyMatch(Character::isISOControl)) {
      throw VideoRecallException.badOrder(
          "customChannel must be a string of at most "
              + MAX_CHANNEL_CHARS
              + " characters without control characters");
    }
    return channel.getString().isBlank() ? Optional.empty() : Optional.of(channel.getString());
  }

  private static boolean send(JsonObject order) {
    JsonValue value = order.get("send");
    if (absent(value) || value.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    if (value.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    throw VideoRecallException.badOrder("send must be true or false");
  }

  private static boolean absent(JsonValue value) {
    return value == null || value.getValueType() == JsonValue.ValueType.NULL;
  }

  private static String describe(JsonValue value) {
    return switch (value.getValueType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      default -> value.toString();
    };
  }
}
