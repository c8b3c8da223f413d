package io.wxbridge.relay.control;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.relay.entity.ContentType;
import io.wxbridge.text.entity.ShownText;
import io.wxbridge.text.entity.StrictText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a customer-service message as WeChat's send API wants it (docs/protocol.md §5):
 * Udesk's form fields converted to JSON, or a JSON body passed on byte for byte. curl -d labels
 * JSON as a form too, so a body starting with '{' is read as JSON whatever its Content-Type says.
 * The message must name its follower, a msgtype WeChat knows and that msgtype's object; anything
 * else is refused here, so WeChat never sees it.
 */
public final class CustomerMessageBody {
  static final Set<String> MESSAGE_TYPES =
      Set.of(
          "text",
          "image",
          "voice",
          "video",
          "music",
          "news",
          "mpnews",
          "mpnewsarticle",
          "msgmenu",
          "wxcard",
          "miniprogrampage");

  private static final Map<String, String> ENCODED_ARRAYS =
      Map.of("news", "articles", "msgmenu", "list");

  /**
   * A sample of the ASCII a form is written in (names, '=', '&amp;', '%', '+', brackets): a charset
   * that writes these as ASCII can carry a form.
   */
  private static final String FORM_SYNTAX = "azAZ09=&%+[]._-";

  private final BracketedForm form = new BracketedForm();
  private final SingleJsonObject json = new SingleJsonObject();

  /**
   * @param contentType the request's Content-Type, or null
   * @return the UTF-8 JSON to send to /cgi-bin/message/custom/send
   * @throws UdeskCallException (4xx) for a body that is not a complete message
   */
  public byte[] toWeChatJson(String contentType, byte[] body) {
    Optional<ContentType> type = ContentType.parse(contentType);
    Charset charset = charset(type);
    if (isBlank(body)) {
      throw UdeskCallException.missing(44002, "POST data");
    }
    int start = StrictText.utf8MarkLength(body); // a byte-order mark is never passed on
    if (type.filter(ContentType::isJson).isPresent() || startsWithBrace(body, start)) {
      JsonObject message = check(readJson(body, start, charset));
      boolean asReceived = start == 0 && charset.equals(StandardCharsets.UTF_8);
      return asReceived
          ? body
          : SingleJsonObject.asText(message).toString().getBytes(StandardCharsets.UTF_8);
    }
    if (type.isPresent()
        && !type.get().is("application/x-www-form-urlencoded")
        && !type.get().is("text/plain")) {
      throw UdeskCallException.unsupportedContentType(
          "application/x-www-form-urlencoded or application/json (to upload media, add ?type=…)");
    }
    byte[] fields = start == 0 ? body : Arrays.copyOfRange(body, start, body.length);
    return check(withEncodedArrays(form.toJson(fields, formCharset(charset))))
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The arrays WeChat requires (news.articles, msgmenu.list) may come as one form field holding
   * JSON ({@code news[articles]=[{"title":…}]}) instead of bracketed fields: that field becomes the
   * array. Any other string stays a string, however JSON-like.
   */
  private JsonObject withEncodedArrays(JsonObject message) {
    JsonObject result = message;
    for (Map.Entry<String, String> array : ENCODED_ARRAYS.entrySet()) {
      if (result.get(array.getKey()) instanceof JsonObject holder
          && holder.get(array.getValue()) instanceof JsonString encoded) {
        Optional<JsonArray> decoded =
            json.readArray(encoded.getString()).map(SingleJsonObject::asText);
        if (decoded.isPresent()) {
          JsonObject replaced =
              JSON.createObjectBuilder(holder).add(array.getValue(), decoded.get()).build();
          result = JSON.createObjectBuilder(result).add(array.getKey(), replaced).build();
        }
      }
    }
    return result;
  }

  private static JsonObject check(JsonObject message) {
    if (!(message.get("touser") instanceof JsonString touser) || touser.getString().isBlank()) {
      throw UdeskCallException.missing(41009, "touser (the follower's openid)");
    }
    if (!(message.get("msgtype") instanceof JsonString msgtype) || msgtype.getString().isBlank()) {
      throw UdeskCallException.invalidMessageType("msgtype missing");
    }
    String name = msgtype.getString();
    if (!MESSAGE_TYPES.contains(name)) {
      throw UdeskCallException.invalidMessageType(
          "'" + ShownText.name(name) + "' is not one of " + MESSAGE_TYPES);
    }
    if (message.get(name) == null
        || message.get(name).getValueType() != JsonValue.ValueType.OBJECT) {
      throw UdeskCallException.malformed(
          "msgtype " + name + " needs the object " + name + " (form fields " + name + "[…])");
    }
    return message;
  }

  private JsonObject readJson(byte[] body, int start, Charset charset) {
    return json.read(body, start, charset)
        .orElseThrow(
            () -> UdeskCallException.malformed("body is not a JSON object in " + charset.name()));
  }

  private static Charset charset(Optional<ContentType> type) {
    try {
      return type.map(ContentType::charset).orElse(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException unknown) {
      throw UdeskCallException.unsupportedContentType("a known charset");
    }
  }

  /**
   * A form is ASCII with %XX escapes of the charset's bytes: its charset must write ASCII as ASCII,
   * and the JDK must be able to encode it (to join a value's escapes with its plain characters).
   * ISO-2022-CN can only be decoded, and UTF-16 writes two bytes a character: such a form is
   * refused as of an unsupported type, not answered 500.
   */
  private static Charset formCharset(Charset charset) {
    boolean asciiAsAscii =
        charset.equals(StandardCharsets.UTF_8)
            || charset.canEncode()
                && Arrays.equals(
                    FORM_SYNTAX.getBytes(charset), FORM_SYNTAX.getBytes(StandardCharsets.US_ASCII));
    if (!asciiAsAscii) {
      throw UdeskCallException.unsupportedContentType(
          "a form in a charset that writes ASCII as ASCII, such as UTF-8 or GBK");
    }
    return charset;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithBrace(byte[] body, int start) {
    int i = start;
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    return i < body.length && body[i] == '{';
  }
}
