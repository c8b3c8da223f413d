package io.wxbridge.text.entity;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a form-encoded text ({@code application/x-www-form-urlencoded}): Udesk's bracketed
 * messages and video-recall orders posted as a form read them the same way.
 */
public final class FormFields {
  private FormFields() {}

  /** One field, decoded; a pair without '=' is a name with an empty value. */
  public record Field(String name, String value) {}

  /**
   * The text's fields in order, strictly percent-decoded ({@link PercentEncoding}); empty pairs
   * ({@code a=1&&b=2}) are skipped. At most {@code maxFields + 1} are read: a caller that gets more
   * than {@code maxFields} knows the text has too many, and the rest was never decoded.
   *
   * @throws IllegalArgumentException for a broken escape (%ZZ, a % at the end)
   * @throws CharacterCodingException when a decoded field is not text in the charset
   */
  public static List<Field> read(String text, Charset charset, int maxFields)
      throws CharacterCodingException {
    List<Field> fields = new ArrayList<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      if (fields.size() > maxFields) {
        break;
      }
      int equals = pair.indexOf('=');
      String name = decoded(equals < 0 ? pair : pair.substring(0, equals), charset);
      String value = equals < 0 ? "" : decoded(pair.substring(equals + 1), charset);
      fields.add(new Field(name, value));
    }
    return fields;
  }

  private static String decoded(String raw, Charset charset) throws CharacterCodingException {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw; // nothing to decode: the text it comes from was decoded (and checked) already
    }
    return PercentEncoding.decode(raw, charset);
  }
}
