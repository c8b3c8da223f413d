package io.wxbridge.relay.control;

import io.wxbridge.ProblemException;

/**
 * A call on the simulated domain that cannot be relayed as it is. Each carries the errcode WeChat
 * itself uses for the same mistake, so Udesk reads it the way it reads WeChat's own refusals;
 * nothing has been sent to WeChat when one is thrown.
 */
public class InvalidUdeskCallException extends ProblemException {
  private static final long serialVersionUID = 1L;

  InvalidUdeskCallException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  static InvalidUdeskCallException noAccount() {
    return new InvalidUdeskCallException(404, 40013,
        "no account named: the simulated domain is /udesk/<appid> or /udesk?appid=<appid>");
  }

  static InvalidUdeskCallException twoAccounts() {
    return new InvalidUdeskCallException(400, 40013, "the path and appid= name different accounts");
  }

  static InvalidUdeskCallException unknownPath() {
    return new InvalidUdeskCallException(404, 40066, "invalid url: no such call on the simulated domain");
  }

  static InvalidUdeskCallException requirePost() {
    return new InvalidUdeskCallException(405, 43002, "require POST method");
  }

  static InvalidUdeskCallException invalidParameter(String what) {
    return new InvalidUdeskCallException(400, 40035, "invalid parameter: " + what);
  }

  static InvalidUdeskCallException missing(int errcode, String what) {
    return new InvalidUdeskCallException(400, errcode, what + " missing");
  }

  static InvalidUdeskCallException invalidMediaType() {
    return new InvalidUdeskCallException(400, 40004, "invalid media type: type must be image, voice, video or thumb");
  }

  static InvalidUdeskCallException invalidMessageType(String detail) {
    return new InvalidUdeskCallException(400, 40008, "invalid message type: " + detail);
  }

  static InvalidUdeskCallException malformed(String detail) {
    return new InvalidUdeskCallException(400, 47001, "data format error: " + detail);
  }

  static InvalidUdeskCallException unsupportedContentType(String expected) {
    return new InvalidUdeskCallException(415, 47001, "data format error: expected " + expected);
  }

  static InvalidUdeskCallException mediaTooLarge(long max) {
    return new InvalidUdeskCallException(413, 45001,
        "media size out of limit: at most " + max + " bytes (bridge.media.max-upload-bytes)");
  }

  static InvalidUdeskCallException bodyTooLarge(long max) {
    return new InvalidUdeskCallException(413, 45002, "content size out of limit: at most " + max + " bytes");
  }

  /** 403 with WeChat's "api unauthorized": the account's Udesk face has no protection configured. */
  public static InvalidUdeskCallException unprotected(String message) {
    return new InvalidUdeskCallException(403, 48001, message);
  }
}
