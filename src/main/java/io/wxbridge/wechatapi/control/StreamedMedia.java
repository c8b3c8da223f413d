package io.wxbridge.wechatapi.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Passes a media download's bytes on once its status and headers went out, and closes it. WeChat's
 * answer breaking off now (a read error, a read timeout, or an end short of its Content-Length,
 * checked here whatever the engine reports) can no longer become an error status: it is logged as
 * one WARNING line naming the request, and the bytes stop short of the Content-Length passed on,
 * which Udesk's HTTP client reports as a broken answer. Without the line the call stayed logged as
 * ok; thrown on, the failure became a SEVERE stack trace from the JAX-RS runtime per download.
 * Udesk going away (a write fails) ends the copy too, with one INFO line; the resource's {@code
 * CallerMayLeave} keeps the runtime from logging what then fails on the answer's stream.
 */
public final class StreamedMedia {
  private static final Logger LOG = Logger.getLogger(StreamedMedia.class.getName());
  private static final int BUFFER = 64 * 1024;

  private StreamedMedia() {}

  public static void copy(
      Account account, OnBehalfOf caller, MediaDownload download, OutputStream udesk)
      throws IOException {
    long declared = declaredLength(download);
    long copied = 0;
    byte[] buffer = new byte[BUFFER];
    boolean broken = false;
    try {
      while (true) {
        int n;
        try {
          n = download.body().read(buffer);
        } catch (IOException | RuntimeException failed) { // the client wraps some in its own
          broken = true;
          brokeOff(account, caller, copied, declared, CallFailure.describe(failed));
          return;
        }
        if (n < 0) {
          break;
        }
        try {
          udesk.write(buffer, 0, n);
        } catch (IOException gone) {
          broken = true; // WeChat's answer is closed (on Payara not read on for no one)
          LOG.info(
              account.appId()
                  + ": Udesk went away during a media download, "
                  + caller
                  + ", after "
                  + copied
                  + (declared >= 0 ? " of " + declared : "")
                  + " bytes ("
                  + CallFailure.describe(gone)
                  + ")");
          return;
        }
        copied += n;
      }
    } finally {
      close(download, broken);
    }
    if (declared >= 0 && copied < declared) {
      brokeOff(account, caller, copied, declared, "it ended");
    }
  }

  /** After a break-off, releasing the broken connection may fail too: said once already. */
  private static void close(MediaDownload download, boolean broken) {
    try {
      download.close();
    } catch (RuntimeException failed) {
      if (!broken) {
        throw failed;
      }
      LOG.log(Level.FINE, "releasing a broken media download failed", failed);
    }
  }

  private static void brokeOff(
      Account account, OnBehalfOf caller, long copied, long declared, String how) {
    WeChatAnswerBody.logBrokeOff(
        account,
        WeChatExchange.MEDIA_GET,
        RetrySafety.IDEMPOTENT,
        caller,
        how
            + " after "
            + copied
            + (declared >= 0
                ? " of the " + declared + " bytes its Content-Length announced"
                : " bytes")
            + "; Udesk got them and a broken answer");
  }

  private static long declaredLength(MediaDownload download) {
    String length = download.headers().get(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }
}
