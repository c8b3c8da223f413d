package io.wxbridge.wechatapi.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A media answer WeChat sent without a Content-Length (chunked), received whole into a temporary
 * file before Udesk gets any of it, and then passed on with its length. Streamed through, an answer
 * that broke off would reach Udesk as a complete, shorter file: the server ends Udesk's chunked
 * answer properly whatever happened upstream, and nothing in HTTP lets the bridge say otherwise
 * once the status is sent. Received first, it is refused like any answer that broke off (504 -1).
 */
final class SpooledDownload {
  /**
   * WeChat's temporary media are at most 10 MB (video); a larger answer is no medium of WeChat's.
   */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private SpooledDownload() {}

  /**
   * @throws WeChatApiException (504 -1) when the answer broke off or exceeds {@link #MAX_BYTES}
   */
  static MediaDownload received(
      Account account,
      OnBehalfOf caller,
      int status,
      Map<String, String> headers,
      InputStream body) {
    Path file = SpoolFiles.create("download");
    String why;
    try (InputStream in = body;
        OutputStream out = Files.newOutputStream(file)) {
      long length = copy(in, out);
      if (length <= MAX_BYTES) {
        Map<String, String> withLength = new HashMap<>(headers);
        withLength.put(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        InputStream spooled = Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
        return new MediaDownload(status, withLength, spooled, () -> {});
      }
      why = "more than " + MAX_BYTES + " bytes without a Content-Length";
    } catch (IOException | ProcessingException broken) {
      why = CallFailure.describe(broken);
    }
    SpoolFiles.delete(file);
    throw WeChatAnswerBody.brokeOff(
        account, WeChatExchange.MEDIA_GET, RetrySafety.IDEMPOTENT, caller, why);
  }

  /** Copies at most MAX_BYTES + 1 bytes, the count copied. */
  private static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    for (int n = in.read(buffer); n >= 0 && copied <= MAX_BYTES; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }
}
