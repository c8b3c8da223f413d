package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;

/**
 * WeChat answered a step of a QR delivery with something that is not a JSON object, so it cannot
 * be passed on in the combined answer. Says the step and the HTTP status, never the body.
 */
public class UnreadableWeChatAnswerException extends ProblemException {
  private static final long serialVersionUID = 1L;

  UnreadableWeChatAnswerException(String step, int status) {
    super(502, -1, "WeChat's answer to the " + step + " step was not a JSON object (HTTP " + status + ")");
  }
}
