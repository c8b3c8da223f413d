package io.wxbridge.relay.control;

import io.wxbridge.ProblemException;

/**
 * A call on the simulated domain that cannot be relayed as it is. Each carries the errcode WeChat
 * itself uses for the same mistake, so Udesk reads it the way it reads WeChat's own refusals;
 * nothing has been sent to WeChat when one is thrown.
 */
public class UdeskCallException extends ProblemException {
  private static final long serialVersionUID = 1L;

  private UdeskCallException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  private UdeskCallException(String what) {
    super(400, 47001, "data format error: " + what + " was cut off", true);
  }

  /**
   * The request's body ended before its end (the caller closed or reset the connection, or stalled
   * past the server's read timeout): 400 without a body, which nobody is left to read (Payara
   * closes such a connection, and a body Jersey cannot write is a 50-line SEVERE; WildFly closes
   * one that stalled without any answer).
   */
  static UdeskCallException cutOff(String what) {
    return new UdeskCallException(what);
  }

  static UdeskCallException noAccount() {
    return new UdeskCallException(
        404,
        40013,
        "no account named: the simulated domain is /udesk/<appid> or /udesk?appid=<appid>");
  }

  static UdeskCallException twoAccounts() {
    return new UdeskCallException(400, 40013, "the path and appid= name different accounts");
  }

  static UdeskCallException unknownPath() {
    return new UdeskCallException(404, 40066, "invalid url: no such call on the simulated domain");
  }

  static UdeskCallException requirePost() {
    return new UdeskCallException(405, 43002, "require POST method");
  }

  static UdeskCallException invalidParameter(String what) {
    return new UdeskCallException(400, 40035, "invalid parameter: " + what);
  }

  static UdeskCallException missing(int errcode, String what) {
    return new UdeskCallException(400, errcode, what + " missing");
  }

  static UdeskCallException invalidMediaType() {
    return new UdeskCallException(
        400, 40004, "invalid media type: type must be image, voice, video or thumb");
  }

  static UdeskCallException invalidMessageType(String detail) {
    return new UdeskCallException(400, 40008, "invalid message type: " + detail);
  }

  static UdeskCallException malformed(String detail) {
    return new UdeskCallException(400, 47001, "data format error: " + detail);
  }

  static UdeskCallException unsupportedContentType(String expected) {
    return new UdeskCallException(415, 47001, "data format error: expected " + expected);
  }

  static UdeskCallException tooMuchBeforeMedia(long max) {
    return new UdeskCallException(
        413,
        45001,
        "media size out of limit: at most "
            + max
            + " bytes may come before the multipart field media");
  }

  static UdeskCallException mediaTooLarge(long max) {
    return new UdeskCallException(
        413,
        45001,
        "media size out of limit: at most " + max + " bytes (bridge.media.max-upload-bytes)");
  }

  static UdeskCallException bodyTooLarge(long max) {
    return new UdeskCallException(
        413, 45002, "content size out of limit: at most " + max + " bytes");
  }

  /**
   * 403 with WeChat's "api unauthorized": the account's Udesk face has no protection configured.
   */
  public static UdeskCallException unprotected(String message) {
    return new UdeskCallException(403, 48001, message);
  }
}
