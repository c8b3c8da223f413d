package io.wxbridge.relay.control;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.relay.entity.ContentType;
import io.wxbridge.text.entity.StrictText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template message Udesk sends (Udesk §7 and UDESK-VIDEO, docs/protocol.md §8): passed to WeChat
 * byte for byte once it is known to be a JSON object, except for miniprogram.agent_id / group_id.
 * Seed 002 says they "需要以参数的形式拼接在pagepath后" (must be joined to pagepath as parameters), and
 * WeChat's miniprogram object knows only appid and pagepath, so they are moved into pagepath's
 * query (URL-encoded, the parameters already there kept, a same-named one replaced): that is how
 * the video mini-program learns which agent or group to route to. Also tells a template send apart
 * from a template-list request: the spec's own curl example posts a template message to
 * …/message/template/get_all_private_template.
 */
public final class TemplateMessageBody {
  private static final List<String> ROUTING = List.of("agent_id", "group_id");

  /** Fields only a template message has: one of them makes a body posted to the list a message. */
  private static final List<String> MESSAGE_FIELDS = List.of("template_id", "touser", "data");

  private static final byte[] TEMPLATE_ID_KEY =
      "\"template_id\"".getBytes(StandardCharsets.US_ASCII);

  private final SingleJsonObject json = new SingleJsonObject();

  /**
   * A template message posted where a customer-service message is expected: seed 002's request line
   * for the template send names the simulated domain itself ("GET '客户填写的模拟域名地址'"), where a POST is
   * a customer-service message. The message to send when the body is a JSON object with a
   * template_id and no msgtype, which no customer-service message is; empty for anything else (read
   * only when its bytes name a template_id), which goes on as a customer-service message.
   *
   * @throws UdeskCallException (400) for such a message that cannot be passed on ({@link #check})
   */
  public Optional<byte[]> postedAsCustomerMessage(byte[] body) {
    if (!contains(body, TEMPLATE_ID_KEY)) {
      return Optional.empty();
    }
    return read(body, StrictText.utf8MarkLength(body))
        .filter(message -> message.containsKey("template_id") && !message.containsKey("msgtype"))
        .map(message -> check(body));
  }

  private static boolean contains(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * @return the message for WeChat: the body as it came, without a UTF-8 byte order mark
   * @throws UdeskCallException (400) unless the body is a JSON object
   */
  public byte[] check(byte[] body) {
    if (body.length == 0) {
      throw UdeskCallException.missing(44002, "POST data");
    }
    int start = StrictText.utf8MarkLength(body);
    Optional<JsonObject> message = read(body, start);
    if (message.isEmpty()) {
      throw UdeskCallException.malformed("body is not a JSON object in UTF-8");
    }
    return withRoutingInPagePath(message.get())
        .map(json -> json.toString().getBytes(StandardCharsets.UTF_8))
        .orElseGet(() -> start == 0 ? body : Arrays.copyOfRange(body, start, body.length));
  }

  /**
   * The message with agent_id / group_id moved into miniprogram.pagepath, or empty when there are
   * none.
   *
   * @throws UdeskCallException (400) when the message, written out again, would not say what Udesk
   *     sent: a string with a lone surrogate (in agent_id it would reach pagepath as "%3F"), or an
   *     agent_id / group_id that is no id
   */
  static Optional<JsonObject> withRoutingInPagePath(JsonObject message) {
    if (!(message.get("miniprogram") instanceof JsonObject miniprogram)
        || ROUTING.stream().noneMatch(miniprogram::containsKey)
        || !(miniprogram.get("pagepath") instanceof JsonString pagepath)) {
      return Optional.empty();
    }
    SingleJsonObject.asText(message);
    String path = pagepath.getString();
    JsonObjectBuilder moved = JSON.createObjectBuilder();
    for (Map.Entry<String, JsonValue> field : miniprogram.entrySet()) {
      if (!ROUTING.contains(field.getKey())) {
        moved.add(field.getKey(), field.getValue());
      }
    }
    for (String name : ROUTING) {
      Optional<String> value = id(name, miniprogram.get(name));
      if (value.isPresent()) {
        path = withParameter(path, name, value.get());
      }
    }
    moved.add("pagepath", path);
    return Optional.of(JSON.createObjectBuilder(message).add("miniprogram", moved).build());
  }

  /**
   * path?a=1 + (name, value) = path?a=1&amp;name=value; an existing name=… is replaced, and a
   * #fragment stays at the end.
   */
  static String withParameter(String pathAndFragment, String name, String value) {
    int hash = pathAndFragment.indexOf('#');
    String path = hash < 0 ? pathAndFragment : pathAndFragment.substring(0, hash);
    String fragment = hash < 0 ? "" : pathAndFragment.substring(hash);
    int question = path.indexOf('?');
    String page = question < 0 ? path : path.substring(0, question);
    List<String> parameters = new ArrayList<>();
    if (question >= 0) {
      for (String pair : path.substring(question + 1).split("&")) {
        if (!pair.isEmpty() && !pair.equals(name) && !pair.startsWith(name + "=")) {
          parameters.add(pair);
        }
      }
    }
    // %20 for a space, not the form encoding's '+', which decodeURIComponent (the mini-program's
    // reading of its query) keeps as a '+'
    parameters.add(
        name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    return page + "?" + String.join("&", parameters) + fragment;
  }

  /**
   * An agent's or group's id as pagepath carries it: a string, or an integer as its decimal text
   * (Udesk's ids are integers; its example quotes them). Absent, null or blank is no id. Anything
   * else (object, array, boolean, 1.5, 1e3) is refused: dropped, the follower would reach the
   * mini-program unrouted and nobody would be told.
   */
  private static Optional<String> id(String name, JsonValue value) {
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return Optional.empty();
    }
    if (value instanceof JsonString string) {
      return Optional.of(string.getString()).filter(s -> !s.isBlank());
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      return Optional.of(number.bigIntegerValue().toString());
    }
    String found =
        switch (value.getValueType()) {
          case OBJECT -> "an object";
          case ARRAY -> "an array";
          case TRUE, FALSE -> "a boolean";
          default -> "a number that is no integer";
        };
    throw UdeskCallException.malformed(
        "miniprogram." + name + " must be a string or an integer, not " + found);
  }

  /**
   * What a POST to the template-list path is: the template message to send when its body is a JSON
   * object naming a template_id, a touser or data (one without template_id is sent all the same, so
   * that WeChat's refusal, not the list, tells Udesk it was not sent), empty when it asks for the
   * list (an empty body, a form body, any other JSON object such as {}). A body read as JSON (it
   * starts with '{' or is labelled JSON, as for a customer-service message) that is no JSON object
   * is refused, not taken for a list request: it may be a broken template message, which the list
   * answer would pass off as sent.
   *
   * @throws UdeskCallException (400) for a malformed body or template message
   */
  public Optional<byte[]> postedToList(String contentType, byte[] body) {
    int start = StrictText.utf8MarkLength(body);
    int first = start;
    while (first < body.length && Character.isWhitespace(body[first])) {
      first++;
    }
    if (first == body.length
        || body[first] != '{'
            && ContentType.parse(contentType).filter(ContentType::isJson).isEmpty()) {
      return Optional.empty();
    }
    JsonObject message =
        json.read(body, start, StandardCharsets.UTF_8)
            .orElseThrow(() -> UdeskCallException.malformed("body is not a JSON object in UTF-8"));
    return MESSAGE_FIELDS.stream().anyMatch(message::containsKey)
        ? Optional.of(check(body))
        : Optional.empty();
  }

  private Optional<JsonObject> read(byte[] body, int start) {
    // strict UTF-8: the body goes to WeChat byte for byte, so it must be what the check read
    return json.read(body, start, StandardCharsets.UTF_8);
  }
}
