package io.wxbridge.text.entity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one way the bridge decodes bytes it is given: strictly, so that a byte that is no text in the
 * charset is refused rather than read as U+FFFD for a check while the original bytes go on (the
 * JDK's {@code new String(bytes, charset)} and readers replace silently). A UTF-8 byte-order mark,
 * which WeChat never sends and some Windows tools write, is skipped by {@link #utf8}; a caller that
 * passes bytes on as received decides for itself (a template goes to WeChat byte for byte, so a
 * marked one is refused as no JSON; a customer-service send is re-encoded without it).
 */
public final class StrictText {
  private StrictText() {}

  /** 3 when the bytes start with a UTF-8 byte-order mark, else 0. */
  public static int utf8MarkLength(byte[] bytes) {
    boolean marked =
        bytes.length >= 3
            && (bytes[0] & 0xFF) == 0xEF
            && (bytes[1] & 0xFF) == 0xBB
            && (bytes[2] & 0xFF) == 0xBF;
    return marked ? 3 : 0;
  }

  /**
   * The characters of {@code bytes[start..]} in the charset.
   *
   * @throws CharacterCodingException when a byte sequence is not text in it
   */
  public static CharBuffer decode(byte[] bytes, int start, Charset charset)
      throws CharacterCodingException {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, start, bytes.length - start));
  }

  /**
   * UTF-8 text, a byte-order mark skipped.
   *
   * @throws CharacterCodingException when the bytes are not UTF-8
   */
  public static CharBuffer utf8(byte[] bytes) throws CharacterCodingException {
    return decode(bytes, utf8MarkLength(bytes), StandardCharsets.UTF_8);
  }
}
