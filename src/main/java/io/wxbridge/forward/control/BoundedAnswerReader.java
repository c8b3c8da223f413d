package io.wxbridge.forward.control;

import io.wxbridge.outbound.control.CallFailure;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads Udesk's answer to a forwarded push, at most {@value #MAX_BYTES} bytes. A passive reply is a
 * few KB; without a cap, one faulty Udesk URL that streams without end would fill the heap of the
 * node that serves every account. The deadline alone does not stop the read, only the waiting.
 *
 * <p>Whole or not at all, as WeChat's answers are read: an answer that breaks off (before its
 * Content-Length, checked here whatever the engine reports, or with a read error) is never passed
 * on as Udesk's reply. Udesk sent a 2xx status, so it has the push: taken, without a reply (as an
 * answer too large to be a reply). An answer in another encoding than UTF-8 is re-encoded ({@link
 * AnswerInUtf8}).
 */
public class BoundedAnswerReader implements MessageBodyReader<byte[]> {
  static final int MAX_BYTES = 256 * 1024;

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == byte[].class;
  }

  @Override
  public byte[] readFrom(
      Class<byte[]> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream answer)
      throws IOException {
    // a length counts the bytes as sent: compressed ones, were Udesk to send them
    long declared =
        headers.getFirst(HttpHeaders.CONTENT_ENCODING) == null
            ? declaredLength(headers.getFirst(HttpHeaders.CONTENT_LENGTH))
            : -1;
    if (declared > MAX_BYTES) {
      throw UdeskAnswerException.tooLarge(MAX_BYTES);
    }
    // a declared length is read exactly (the client ends the stream there): a passive reply is
    // then one array, not an 8 KiB buffer and a copy per push
    byte[] read;
    try {
      read = answer.readNBytes(declared >= 0 ? (int) declared : MAX_BYTES + 1);
    } catch (IOException brokenOff) {
      // both servers' Apache engines throw for an answer short of its Content-Length: Udesk's 2xx
      // status came, and the answer did not
      throw UdeskAnswerException.brokeOff(CallFailure.describe(brokenOff));
    }
    if (read.length > MAX_BYTES) {
      throw UdeskAnswerException.tooLarge(MAX_BYTES);
    }
    if (read.length < declared) {
      throw UdeskAnswerException.brokeOff(
          read.length + " of the " + declared + " bytes its Content-Length announced");
    }
    return AnswerInUtf8.of(read, mediaType);
  }

  private static long declaredLength(String contentLength) {
    try {
      return contentLength == null ? -1 : Math.max(-1, Long.parseLong(contentLength.strip()));
    } catch (NumberFormatException notALength) {
      return -1;
    }
  }
}
