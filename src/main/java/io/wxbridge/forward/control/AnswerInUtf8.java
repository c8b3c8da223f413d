package io.wxbridge.forward.control;

import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Udesk's answer in UTF-8, the only encoding WeChat reads: a passive reply Udesk wrote in another
 * encoding (GBK, UTF-16) is re-encoded, its XML declaration then saying UTF-8, rather than judged
 * no reply (the follower would get nothing). The answer's encoding is, in this order: its
 * byte-order mark; UTF-8 when its bytes are valid UTF-8, whatever is declared (a Java server labels
 * its UTF-8 {@code text/xml} ISO-8859-1 by default, .NET's StringWriter declares utf-16 over
 * UTF-8); its XML declaration's; its Content-Type's charset, unless a single-byte one (which
 * decodes anything). An answer none of them decodes is left as it came, and judged (and refused) as
 * before. UTF-8 without a mark, declared so or not at all, the answer of every Udesk seen, is
 * passed on without a copy.
 */
final class AnswerInUtf8 {
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^<\\?xml[^?>]*?\\sencoding\\s*=\\s*([\"'])([^\"']*)\\1");

  /** How far into the answer an XML declaration's encoding may be looked for. */
  private static final int DECLARATION_AT_MOST = 200;

  private AnswerInUtf8() {}

  static byte[] of(byte[] answer, MediaType type) {
    Optional<String> declared = declaredEncoding(answer);
    Optional<String> labelled =
        Optional.ofNullable(type).map(t -> t.getParameters().get(MediaType.CHARSET_PARAMETER));
    if (markLength(answer) == 0
        && declared.map(AnswerInUtf8::isUtf8).orElse(true)
        && labelled.map(AnswerInUtf8::isUtf8).orElse(true)) {
      return answer;
    }
    return decoded(answer, declared, labelled)
        .map(text -> withUtf8Declared(text).getBytes(StandardCharsets.UTF_8))
        .orElse(answer);
  }

  private static Optional<String> decoded(
      byte[] answer, Optional<String> declared, Optional<String> labelled) {
    if (startsWith(answer, 0xFE, 0xFF) || startsWith(answer, 0xFF, 0xFE)) {
      return decode(answer, 0, StandardCharsets.UTF_16); // its mark says which order
    }
    int from = markLength(answer);
    Optional<String> utf8 = decode(answer, from, StandardCharsets.UTF_8);
    if (utf8.isPresent()) {
      return utf8;
    }
    Optional<String> text =
        declared.flatMap(AnswerInUtf8::charset).flatMap(c -> decode(answer, 0, c));
    if (text.isPresent()) {
      return text;
    }
    // a single-byte charset decodes any bytes, so such a label proves nothing (Tomcat's default
    // ISO-8859-1 on text/xml is such a label): GBK bytes so labelled stay refused, not garbled
    return labelled
        .flatMap(AnswerInUtf8::charset)
        .filter(charset -> charset.newEncoder().maxBytesPerChar() > 1)
        .flatMap(charset -> decode(answer, 0, charset));
  }

  private static Optional<String> decode(byte[] bytes, int from, Charset charset) {
    try {
      return Optional.of(
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, from, bytes.length - from))
              .toString());
    } catch (CharacterCodingException notThisEncoding) {
      return Optional.empty();
    }
  }

  private static String withUtf8Declared(String text) {
    Matcher declaration = DECLARED_ENCODING.matcher(text);
    if (!declaration.find()) {
      return text;
    }
    return text.substring(0, declaration.start(2)) + "UTF-8" + text.substring(declaration.end(2));
  }

  /** The encoding an ASCII-compatible answer's XML declaration names. */
  private static Optional<String> declaredEncoding(byte[] answer) {
    int from = markLength(answer);
    if (answer.length < from + 2 || answer[from] != '<' || answer[from + 1] != '?') {
      return Optional.empty(); // no declaration: most replies start with <xml>, read no further
    }
    String start =
        new String(
            answer,
            from,
            Math.min(answer.length - from, DECLARATION_AT_MOST),
            StandardCharsets.ISO_8859_1);
    Matcher declaration = DECLARED_ENCODING.matcher(start);
    return declaration.find() ? Optional.of(declaration.group(2).strip()) : Optional.empty();
  }

  private static Optional<Charset> charset(String name) {
    try {
      return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
    } catch (IllegalCharsetNameException notAName) {
      return Optional.empty();
    }
  }

  private static boolean isUtf8(String name) {
    String normal = name.strip();
    return normal.equalsIgnoreCase("UTF-8") || normal.equalsIgnoreCase("UTF8");
  }

  /** A byte-order mark's length: 3 for UTF-8's, 2 for UTF-16's, else 0. */
  private static int markLength(byte[] answer) {
    if (startsWith(answer, 0xEF, 0xBB, 0xBF)) {
      return 3;
    }
    return startsWith(answer, 0xFE, 0xFF) || startsWith(answer, 0xFF, 0xFE) ? 2 : 0;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
