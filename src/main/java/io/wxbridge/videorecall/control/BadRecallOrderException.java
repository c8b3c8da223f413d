package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;

/** The body of a video-recall call is not a usable order; the message says which part and why. */
public class BadRecallOrderException extends ProblemException {
  private static final long serialVersionUID = 1L;
  /** WeChat's "empty post data". */
  static final int EMPTY = 44002;
  /** WeChat's "data format error". */
  static final int FORMAT = 47001;
  /** WeChat's "invalid openid". */
  static final int OPENID = 40003;

  BadRecallOrderException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  static BadRecallOrderException empty() {
    return new BadRecallOrderException(400, EMPTY,
        "empty body: send a JSON object such as {\"openid\":\"...\",\"callTimes\":-1,\"send\":false}");
  }

  static BadRecallOrderException tooLarge(int max) {
    return new BadRecallOrderException(413, FORMAT, "the body is larger than " + max + " bytes");
  }

  static BadRecallOrderException format(String problem) {
    return new BadRecallOrderException(400, FORMAT, problem);
  }

  static BadRecallOrderException openid(String problem) {
    return new BadRecallOrderException(400, OPENID, problem);
  }
}
