package io.wxbridge.push.control;

import io.wxbridge.ProblemException;

/**
 * XML the bridge refuses to read: not well-formed, or carrying a DOCTYPE (the door to external
 * entities and entity expansion, which WeChat never uses). A push that gets here is answered 400;
 * an answer from Udesk that gets here is not passed on to WeChat.
 */
public class MalformedXmlException extends ProblemException {
  private static final long serialVersionUID = 1L;

  MalformedXmlException(String message, Throwable cause) {
    super(400, PushRejectedException.PARSE_ERROR, message, cause);
  }
}
