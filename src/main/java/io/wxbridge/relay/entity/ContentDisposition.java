package io.wxbridge.relay.entity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A multipart part's Content-Disposition ({@code form-data; name="media"; filename="test.jpg"}).
 * Quoted values may hold ';' and escaped quotes; {@code filename*=UTF-8''…} (RFC 5987) wins over
 * {@code filename}. A file name keeps only its last path element (some clients send C:\dir\a.jpg).
 */
public record ContentDisposition(String type, Map<String, String> parameters) {

  public ContentDisposition {
    parameters = Map.copyOf(parameters);
  }

  public static ContentDisposition parse(String header) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String text = header == null ? "" : header;
    int semicolon = next(text, 0);
    String type = text.substring(0, semicolon).trim().toLowerCase(Locale.ROOT);
    int at = semicolon + 1;
    while (at < text.length()) {
      int end = next(text, at);
      String parameter = text.substring(at, end).trim();
      int equals = parameter.indexOf('=');
      if (equals > 0) {
        parameters.putIfAbsent(
            parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT),
            unquote(parameter.substring(equals + 1).trim()));
      }
      at = end + 1;
    }
    return new ContentDisposition(type, parameters);
  }

  public Optional<String> name() {
    return Optional.ofNullable(parameters.get("name"));
  }

  public Optional<String> fileName() {
    Optional<String> extended =
        Optional.ofNullable(parameters.get("filename*")).flatMap(ContentDisposition::rfc5987);
    return extended
        .or(() -> Optional.ofNullable(parameters.get("filename")))
        .map(name -> name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1))
        .filter(name -> !name.isBlank());
  }

  /** The index of the next ';' outside quotes, or the end. */
  private static int next(String text, int from) {
    boolean quoted = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        return i;
      }
    }
    return text.length();
  }

  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder plain = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      plain.append(c);
    }
    return plain.toString();
  }

  private static Optional<String> rfc5987(String value) {
    int first = value.indexOf('\'');
    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          URLDecoder.decode(
              value.substring(second + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }
}
