package io.wxbridge.videorecall.control;

import io.wxbridge.text.entity.JsonText;
import io.wxbridge.videorecall.entity.UdeskQrCode;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an answer of Udesk's QR-code API, {"code":1000,"data":{"qrCodeUrl":…},"message":"ok"}: code
 * 1000 with an http(s) qrCodeUrl is a QR code; any other code is Udesk's refusal; anything else
 * (not JSON, no code, no URL, an HTTP error without Udesk's JSON) is a malformed answer.
 */
public class UdeskVideoAnswerReader {
  static final int OK = 1000;

  /**
   * @throws VideoRecallException for everything but a QR code
   */
  public UdeskQrCode read(int httpStatus, byte[] body) {
    Optional<JsonObject> json = parse(body);
    if (json.isEmpty()) {
      throw httpStatus / 100 == 2
          ? VideoRecallException.udeskMalformed("the answer is not a JSON object")
          : VideoRecallException.udeskHttpError(httpStatus);
    }
    Optional<Integer> code = code(json.get().get("code"));
    if (code.isEmpty()) {
      throw httpStatus / 100 == 2
          ? VideoRecallException.udeskMalformed("no numeric \"code\"")
          : VideoRecallException.udeskHttpError(httpStatus);
    }
    if (code.get() != OK) {
      throw VideoRecallException.udeskRefused(code.get(), text(json.get().get("message")));
    }
    if (httpStatus / 100 != 2) {
      throw VideoRecallException.udeskHttpError(httpStatus);
    }
    return new UdeskQrCode(body, json.get(), qrCodeUrl(json.get()));
  }

  private static Optional<JsonObject> parse(byte[] body) {
    return JsonText.answer(body)
        .filter(value -> value.getValueType() == JsonValue.ValueType.OBJECT)
        .map(JsonValue::asJsonObject);
  }

  /** Udesk sends a number; a numeric string is read the same way. */
  private static Optional<Integer> code(JsonValue value) {
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        return Optional.of(number.intValueExact());
      } catch (ArithmeticException tooBig) {
        return Optional.empty();
      }
    }
    if (value instanceof JsonString string && string.getString().strip().matches("-?\\d{1,9}")) {
      return Optional.of(Integer.parseInt(string.getString().strip()));
    }
    return Optional.empty();
  }

  private static String text(JsonValue value) {
    if (value instanceof JsonString string) {
      return string.getString();
    }
    return value == null || value == JsonValue.NULL ? "" : value.toString();
  }

  private static URI qrCodeUrl(JsonObject answer) {
    JsonValue data = answer.get("data");
    if (data == null
        || data.getValueType() != JsonValue.ValueType.OBJECT
        || !(data.asJsonObject().get("qrCodeUrl") instanceof JsonString url)) {
      throw VideoRecallException.udeskMalformed("code 1000 without data.qrCodeUrl");
    }
    try {
      URI uri = new URI(url.getString().strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException malformed) {
      // reported below
    }
    throw VideoRecallException.udeskMalformed("data.qrCodeUrl is not an http(s) URL");
  }
}
