package io.wxbridge.relay.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final List<String> ROUTING = List.of("agent_id", "group_id");
  private final SingleJsonObject json = new SingleJsonObject();

  /**
   * @throws UdeskCallException (400) unless the body is a JSON object
   */
  public byte[] check(byte[] body) {
    if (body.length == 0) {
      throw UdeskCallException.missing(44002, "POST data");
    }
    Optional<JsonObject> message = read(body);
    if (message.isEmpty()) {
      throw UdeskCallException.malformed("body is not a JSON object");
    }
    return withRoutingInPagePath(message.get())
        .map(json -> SingleJsonObject.asText(json).toString().getBytes(StandardCharsets.UTF_8))
        .orElse(body);
  }

  /**
   * The message with agent_id / group_id moved into miniprogram.pagepath, or empty when there are
   * none.
   */
  static Optional<JsonObject> withRoutingInPagePath(JsonObject message) {
    if (!(message.get("miniprogram") instanceof JsonObject miniprogram)
        || ROUTING.stream().noneMatch(miniprogram::containsKey)
        || !(miniprogram.get("pagepath") instanceof JsonString pagepath)) {
      return Optional.empty();
    }
    String path = pagepath.getString();
    JsonObjectBuilder moved = JSON.createObjectBuilder();
    for (Map.Entry<String, JsonValue> field : miniprogram.entrySet()) {
      if (!ROUTING.contains(field.getKey())) {
        moved.add(field.getKey(), field.getValue());
      }
    }
    for (String name : ROUTING) {
      Optional<String> value = text(miniprogram.get(name));
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

  private static Optional<String> text(JsonValue value) {
    if (value instanceof JsonString string) {
      return Optional.of(string.getString()).filter(s -> !s.isBlank());
    }
    return value instanceof JsonNumber number ? Optional.of(number.toString()) : Optional.empty();
  }

  /**
   * Whether a body posted to the template-list path is meant as a template message: a JSON object
   * naming a template_id. Checked on the text, so a malformed template message is refused as one
   * (400) instead of being answered with the template list as if it had been sent.
   */
  public boolean isTemplateMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.startsWith("{") && text.contains("\"template_id\"");
  }

  private Optional<JsonObject> read(byte[] body) {
    // strict UTF-8: the body goes to WeChat byte for byte, so it must be what the check read
    return json.read(body, 0, StandardCharsets.UTF_8);
  }
}
