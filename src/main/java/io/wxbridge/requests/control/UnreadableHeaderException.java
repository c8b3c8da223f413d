package io.wxbridge.requests.control;

import io.wxbridge.ProblemException;

/**
 * A request whose Content-Type or Accept header cannot be parsed: 400, WeChat's data format error.
 */
public class UnreadableHeaderException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** WeChat's "data format error", the code its API answers for a body it cannot read. */
  static final int DATA_FORMAT_ERROR = 47001;

  public UnreadableHeaderException(String header) {
    super(400, DATA_FORMAT_ERROR, "data format error: the " + header + " header cannot be read");
  }
}
