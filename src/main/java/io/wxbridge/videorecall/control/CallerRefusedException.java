package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;

/** The caller of the video-recall endpoint did not present the configured bearer key. */
public class CallerRefusedException extends ProblemException {
  private static final long serialVersionUID = 1L;
  /** WeChat's "invalid credential": the code its callers already know for a bad key. */
  static final int INVALID_CREDENTIAL = 40001;
  /** WeChat's "api unauthorized": the endpoint is not enabled on this bridge. */
  static final int NOT_ENABLED = 48001;

  private CallerRefusedException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  static CallerRefusedException closed() {
    return new CallerRefusedException(503, NOT_ENABLED,
        "video recall is disabled on this bridge: set bridge.video.api-key to enable it");
  }

  static CallerRefusedException missing() {
    return new CallerRefusedException(401, INVALID_CREDENTIAL, "missing Authorization: Bearer <bridge.video.api-key>");
  }

  static CallerRefusedException notBearer() {
    return new CallerRefusedException(401, INVALID_CREDENTIAL, "the Authorization header must be Bearer <key>");
  }

  static CallerRefusedException wrong() {
    return new CallerRefusedException(401, INVALID_CREDENTIAL, "wrong bearer key");
  }
}
