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

  /**
   * One part: its headers (names in lower case) and where its bytes are in the body (not copied).
   */
  public record Part(
      String name,
      Optional<String> fileName,
      Map<String, String> headers,
      byte[] body,
      int offset,
      int length) {
    public Optional<String> contentType() {
      return Optional.ofNullable(headers.get("content-type"));
    }

    public byte[] content() {
      return Arrays.copyOfRange(body, offset, offset + length);
    }
  }

  private final Map<String, Part> parts;

  private MultipartBody(Map<String, Part> parts) {
    this.parts = parts;
  }

  /**
   * @return empty if the Content-Type is not multipart/form-data with a boundary
   */
  public static Optional<MultipartBody> parse(String contentType, byte[] body) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
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
      part(body, start, Math.max(start, next - 2)).ifPresent(p -> parts.put(p.name(), p));
      at = next;
    }
    return Optional.of(new MultipartBody(parts));
  }

  /** The boundary a multipart Content-Type declares. */
  static Optional<String> boundary(String contentType) {
    Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
    return boundary != null && boundary.find() ? Optional.of(boundary.group(1)) : Optional.empty();
  }

  /** Where the first part's headers end (the index of the blank line), or -1. */
  static int headerEnd(byte[] body) {
    return indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
  }

  private static Optional<Part> part(byte[] body, int start, int end) {
    int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
    if (headerEnd < 0 || headerEnd + 4 > end) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line :
        new String(body, start, headerEnd - start, StandardCharsets.UTF_8).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    String disposition = headers.getOrDefault("content-disposition", "");
    Matcher name = NAME.matcher(disposition);
    if (!name.find()) {
      return Optional.empty();
    }
    Matcher fileName = FILE_NAME.matcher(disposition);
    return Optional.of(
        new Part(
            name.group(1),
            fileName.find() ? Optional.of(fileName.group(1)) : Optional.empty(),
            headers,
            body,
            headerEnd + 4,
            end - headerEnd - 4));
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
