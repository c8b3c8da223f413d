package io.wxbridge.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A multipart/form-data body as a fake receives it, split into its parts by field name. */
public final class MultipartBody {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
  private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

  /** One part: its headers (names in lower case) and bytes. */
  public record Part(String name, Optional<String> fileName, Map<String, String> headers, byte[] content) {
    public Optional<String> contentType() {
      return Optional.ofNullable(headers.get("content-type"));
    }
  }

  private final Map<String, Part> parts;

  private MultipartBody(Map<String, Part> parts) {
    this.parts = parts;
  }

  /** @return empty if the Content-Type is not multipart/form-data with a boundary */
  public static Optional<MultipartBody> parse(String contentType, byte[] body) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return Optional.empty();
    }
    Matcher boundary = BOUNDARY.matcher(contentType);
    if (!boundary.find()) {
      return Optional.empty();
    }
    byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Part> parts = new LinkedHashMap<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start += 2; // CRLF after the delimiter
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        break;
      }
      part(Arrays.copyOfRange(body, start, Math.max(start, next - 2))).ifPresent(p -> parts.put(p.name(), p));
      at = next;
    }
    return Optional.of(new MultipartBody(parts));
  }

  private static Optional<Part> part(byte[] raw) {
    int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (headerEnd < 0) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : new String(raw, 0, headerEnd, StandardCharsets.UTF_8).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    String disposition = headers.getOrDefault("content-disposition", "");
    Matcher name = NAME.matcher(disposition);
    if (!name.find()) {
      return Optional.empty();
    }
    Matcher fileName = FILE_NAME.matcher(disposition);
    return Optional.of(new Part(name.group(1), fileName.find() ? Optional.of(fileName.group(1)) : Optional.empty(),
        headers, Arrays.copyOfRange(raw, headerEnd + 4, raw.length)));
  }

  public Optional<Part> part(String name) {
    return Optional.ofNullable(parts.get(name));
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
