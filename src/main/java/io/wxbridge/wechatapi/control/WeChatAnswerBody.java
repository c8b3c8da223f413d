package io.wxbridge.wechatapi.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.entity.RetrySafety;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;

/** Reads the body of WeChat's JSON answer: bounded, and whole or not at all. */
final class WeChatAnswerBody {
  private static final Logger LOG = Logger.getLogger(WeChatAnswerBody.class.getName());

  private WeChatAnswerBody() {}

  /**
   * At most {@code limit + 1} bytes of the answer. An answer that ends before its Content-Length
   * broke off: it is checked here, whatever the engine reports (the JDK's connection, Payara's
   * earlier transport, reported a normal end), and never passed on as if WeChat had said it.
   */
  static byte[] readUpTo(
      Account account,
      String path,
      RetrySafety safety,
      OnBehalfOf caller,
      Response response,
      InputStream body,
      int limit) {
    String why;
    try {
      byte[] read = body.readNBytes(limit + 1);
      // a length counts the bytes as sent: compressed ones, were WeChat ever asked for them
      int declared =
          response.getHeaderString(HttpHeaders.CONTENT_ENCODING) == null
              ? response.getLength()
              : -1;
      if (declared < 0 || read.length > limit || read.length >= declared) {
        return read;
      }
      why = read.length + " of the " + declared + " bytes its Content-Length announced";
    } catch (IOException | ProcessingException broken) {
      why = CallFailure.describe(broken);
    }
    throw brokeOff(account, path, safety, caller, why);
  }

  /** Logs that WeChat's answer broke off, and says so to the caller (504 -1). */
  static WeChatApiException brokeOff(
      Account account, String path, RetrySafety safety, OnBehalfOf caller, String why) {
    logBrokeOff(account, path, safety, caller, why);
    return WeChatApiException.brokenAnswer(safety);
  }

  /** One WARNING line, without a stack trace, naming the request it was for. */
  static void logBrokeOff(
      Account account, String path, RetrySafety safety, OnBehalfOf caller, String why) {
    String cause = why;
    LOG.warning(
        () ->
            account.appId()
                + ": WeChat's answer to "
                + path
                + " broke off, "
                + caller
                + " ("
                + cause
                + ")"
                + (safety == RetrySafety.SENDS_MESSAGE
                    ? "; not retried: the message may have been delivered"
                    : ""));
  }
}
