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

  static CallerRefusedException wrongSignature() {
    return new CallerRefusedException(401, INVALID_CREDENTIAL, "wrong signature: token must be"
        + " sha256(appId&secret&nonce&timestap) with the company's Udesk appId and secret");
  }

  static CallerRefusedException signatureIncomplete(io.wxbridge.videorecall.entity.UdeskVideoHeaders names) {
    return new CallerRefusedException(401, INVALID_CREDENTIAL, "a signed request needs the headers " + names.appId()
        + ", " + names.nonce() + ", " + names.timestamp() + " and " + names.token());
  }

  static CallerRefusedException staleSignature(long windowSeconds) {
    return new CallerRefusedException(401, INVALID_CREDENTIAL,
        "the timestamp must be the current time in seconds, within " + windowSeconds + " s");
  }

  static CallerRefusedException reusedNonce() {
    return new CallerRefusedException(401, INVALID_CREDENTIAL, "this nonce was already used: send a new one (a UUID)");
  }

  static CallerRefusedException tooManyNonces() {
    return new CallerRefusedException(429, 45009, "too many signed requests in the signature window; try again later");
  }

  static CallerRefusedException signatureNotConfigured() {
    return new CallerRefusedException(503, NOT_ENABLED, "signed requests are not enabled on this bridge: set"
        + " bridge.video.udesk-app-id, bridge.video.udesk-secret and bridge.video.qrcode-url");
  }
}
