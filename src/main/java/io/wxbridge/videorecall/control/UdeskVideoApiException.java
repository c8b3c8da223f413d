package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Udesk's video API could not give a QR code: it refused (its own non-1000 code is passed on as
 * errcode), answered late or answered something that is not its JSON, or the bridge is not
 * configured to call it. Udesk's message is passed on shortened and without control characters.
 */
public class UdeskVideoApiException extends ProblemException {
  private static final long serialVersionUID = 1L;
  static final int SYSTEM_ERROR = -1;
  /** WeChat's "api unauthorized": the feature is not set up on this bridge. */
  static final int NOT_ENABLED = 48001;
  private static final int MAX_UPSTREAM_TEXT = 200;

  UdeskVideoApiException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  UdeskVideoApiException(int status, int errcode, String message, Throwable cause) {
    super(status, errcode, message, cause);
  }

  static UdeskVideoApiException notConfigured(List<ConfigProblem> problems) {
    return new UdeskVideoApiException(503, NOT_ENABLED, "video recall is not configured on this bridge: "
        + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
  }

  static UdeskVideoApiException refused(int code, String message) {
    return new UdeskVideoApiException(502, code,
        "Udesk's video API refused the QR-code request: code " + code + ", message \"" + printable(message) + "\"");
  }

  static UdeskVideoApiException httpError(int status) {
    return new UdeskVideoApiException(502, SYSTEM_ERROR,
        "Udesk's video API answered HTTP " + status + " without a JSON answer");
  }

  static UdeskVideoApiException malformed(String what) {
    return new UdeskVideoApiException(502, SYSTEM_ERROR, "Udesk's video API answered malformed JSON: " + what);
  }

  static UdeskVideoApiException timeout(long millis, Throwable cause) {
    return new UdeskVideoApiException(504, SYSTEM_ERROR,
        "no answer from Udesk's video API within " + millis + " ms; not retried, the request may have reached Udesk",
        cause);
  }

  static UdeskVideoApiException broken(Throwable cause) {
    return new UdeskVideoApiException(502, SYSTEM_ERROR,
        "the connection to Udesk's video API failed after the request was sent; not retried", cause);
  }

  /** Upstream text made safe to show: control characters out, at most 200 characters. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() <= MAX_UPSTREAM_TEXT ? clean : clean.substring(0, MAX_UPSTREAM_TEXT) + "…";
  }
}
