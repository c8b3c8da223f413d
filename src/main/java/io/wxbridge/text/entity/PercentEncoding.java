package io.wxbridge.text.entity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.HexFormat;

/**
 * Percent-decoding ('+' a space) for form fields and query parameters (Udesk's calls, video-recall
 * orders) that refuses what {@link java.net.URLDecoder} lets through: bytes that are not text in
 * the charset, which it turns into U+FFFD, so that a check (or WeChat) would read something other
 * than what Udesk sent.
 */
public final class PercentEncoding {
  private PercentEncoding() {}

  /**
   * @throws IllegalArgumentException for a broken escape (%ZZ, a % at the end)
   * @throws CharacterCodingException when the decoded bytes are not text in the charset
   */
  public static String decode(String raw, Charset charset) throws CharacterCodingException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hex(raw.charAt(i + 2));
        if (low < 0) {
          throw new IllegalArgumentException("malformed percent-encoding");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        bytes.writeBytes(raw.substring(i, end).getBytes(charset));
        i = end - 1;
      }
    }
    return StrictText.decode(bytes.toByteArray(), 0, charset).toString();
  }

  /** An ASCII hex digit's value, else -1 (Character.digit also reads fullwidth digits). */
  private static int hex(char c) {
    return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
  }
}
