package io.wxbridge.relay.control;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The headers of one part of a multipart body and its body, readable until the part ends. */
public record MultipartPart(Map<String, String> headers, InputStream body) {
  /** A header value by lower-case name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
