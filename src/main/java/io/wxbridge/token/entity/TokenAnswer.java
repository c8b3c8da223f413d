package io.wxbridge.token.entity;

import io.wxbridge.text.entity.JsonText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Optional;

/**
 * What a token endpoint answered: {"access_token":…,"expires_in":…} or WeChat's
 * {"errcode":…,"errmsg":…}; anything else is {@link #unreadable}.
 */
public record TokenAnswer(
    Optional<String> accessToken, Optional<Long> expiresIn, int errcode, String errmsg) {

  /** Reads a JSON answer; never fails (an unreadable one has no token and errcode 0). */
  public static TokenAnswer parse(byte[] body) {
    if (!(JsonText.answer(body).orElse(null) instanceof JsonObject json)) {
      return unreadable();
    }
    return new TokenAnswer(
        string(json, "access_token"),
        json.get("expires_in") instanceof JsonNumber number
            ? Optional.of(number.longValue())
            : string(json, "expires_in").flatMap(TokenAnswer::number),
        json.get("errcode") instanceof JsonNumber code ? code.intValue() : 0,
        string(json, "errmsg").orElse(""));
  }

  public static TokenAnswer unreadable() {
    return new TokenAnswer(Optional.empty(), Optional.empty(), 0, "");
  }

  public boolean isError() {
    return errcode != 0;
  }

  private static Optional<String> string(JsonObject json, String name) {
    return json.get(name) instanceof JsonString s && !s.getString().isBlank()
        ? Optional.of(s.getString())
        : Optional.empty();
  }

  private static Optional<Long> number(String text) {
    try {
      return Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "TokenAnswer["
        + (accessToken.isPresent() ? "token hidden" : "no token")
        + ", expires_in "
        + expiresIn
        + ", errcode "
        + errcode
        + "]";
  }
}
