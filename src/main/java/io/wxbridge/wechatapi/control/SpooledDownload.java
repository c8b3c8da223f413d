package io.wxbridge.wechatapi.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
  static final long MAX_BYTES = 32L * 1024 * 1024;

  private SpooledDownload() {}

  /**
   * @throws WeChatApiException 504 -1 when the answer broke off, 502 -1 when it exceeds {@link
   *     #MAX_BYTES}
   * @throws UncheckedIOException when the temporary file cannot be written (not WeChat's doing)
   */
  static MediaDownload received(
      Account account,
      OnBehalfOf caller,
      int status,
      Map<String, String> headers,
      InputStream body) {
    Path file = SpoolFiles.create("download");
    boolean handedOver = false;
    try {
      long length;
      try (InputStream in = body;
          OutputStream out = Files.newOutputStream(file)) {
        length = copy(in, out);
      }
      if (length > MAX_BYTES) {
        WeChatAnswerBody.logBrokeOff(
            account,
            WeChatExchange.MEDIA_GET,
            RetrySafety.IDEMPOTENT,
            caller,
            "more than " + MAX_BYTES + " bytes without a length; not relayed");
        throw WeChatApiException.tooLarge((int) MAX_BYTES);
      }
      Map<String, String> withLength = new HashMap<>(headers);
      withLength.put(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
      MediaDownload spooled =
          new MediaDownload(
              status,
              withLength,
              Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE),
              () -> {});
      handedOver = true;
      return spooled;
    } catch (UpstreamBrokeOff broken) {
      throw brokeOff(account, caller, broken.getMessage());
    } catch (IOException notWritten) {
      throw new UncheckedIOException("a media download cannot be spooled", notWritten);
    } finally {
      if (!handedOver) {
        SpoolFiles.delete(file);
      }
    }
  }

  /**
   * Copies until the answer ends or more than MAX_BYTES came.
   *
   * @throws UpstreamBrokeOff when reading WeChat's answer fails (the client throws unchecked ones
   *     too)
   * @throws IOException when writing the file fails
   */
  private static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    while (copied <= MAX_BYTES) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException | RuntimeException broken) {
        throw new UpstreamBrokeOff(CallFailure.describe(broken));
      }
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }

  private static WeChatApiException brokeOff(Account account, OnBehalfOf caller, String why) {
    return WeChatAnswerBody.brokeOff(
        account, WeChatExchange.MEDIA_GET, RetrySafety.IDEMPOTENT, caller, why);
  }

  /** WeChat's side failed while the answer was read; the message says how. */
  private static final class UpstreamBrokeOff extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpstreamBrokeOff(String how) {
      super(how, null, false, false);
    }
  }
}
