package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;

/**
 * The QR image at Udesk's qrCodeUrl could not be fetched within the configured bounds (size,
 * time) or is not an image WeChat accepts; nothing was uploaded or sent.
 */
public class QrImageException extends ProblemException {
  private static final long serialVersionUID = 1L;
  private static final int SYSTEM_ERROR = -1;

  private QrImageException(int status, String problem, Throwable cause) {
    super(status, SYSTEM_ERROR, "could not fetch the QR image from Udesk's qrCodeUrl: " + problem
        + "; nothing was sent to the follower", cause);
  }

  static QrImageException failed(String problem) {
    return new QrImageException(502, problem, null);
  }

  static QrImageException failed(String problem, Throwable cause) {
    return new QrImageException(502, problem, cause);
  }

  static QrImageException timedOut(long millis) {
    return new QrImageException(504, "no complete image within " + millis + " ms", null);
  }
}
