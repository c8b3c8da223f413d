package io.wxbridge.relay.entity;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's Content-Type (type/subtype; parameters), read without a JAX-RS runtime so the
 * conversions stay plain, testable classes. Parameter names are case-insensitive, values may be
 * quoted.
 */
public record ContentType(String mediaType, Map<String, String> parameters) {

  public ContentType {
    parameters = Map.copyOf(parameters);
  }

  /**
   * Empty for a missing or blank header; a header without "/" is kept as its own (unknown) type.
   */
  public static Optional<ContentType> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String[] pieces = header.split(";");
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 1; i < pieces.length; i++) {
      int equals = pieces[i].indexOf('=');
      if (equals > 0) {
        String value = pieces[i].substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        parameters.putIfAbsent(
            pieces[i].substring(0, equals).trim().toLowerCase(Locale.ROOT), value);
      }
    }
    return Optional.of(new ContentType(pieces[0].trim().toLowerCase(Locale.ROOT), parameters));
  }

  public boolean is(String type) {
    return mediaType.equals(type);
  }

  /** application/json or a +json type: the body is read as JSON, whatever it starts with. */
  public boolean isJson() {
    return is("application/json") || mediaType.endsWith("+json");
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The declared charset, or UTF-8 when none is declared.
   *
   * @throws IllegalArgumentException for a charset this JVM does not know
   */
  public Charset charset() {
    Optional<String> name = parameter("charset");
    try {
      return name.isEmpty() ? StandardCharsets.UTF_8 : Charset.forName(name.get());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
      throw new IllegalArgumentException("unknown charset", unknown);
    }
  }
}
