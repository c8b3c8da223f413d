package io.wxbridge.token.control;

import io.wxbridge.ProblemException;

/** WeChat answered -1 (system busy) to a token request, even after retrying. */
public class TokenBusyException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public TokenBusyException() {
    super(502, -1, "WeChat is busy (-1) and issued no access_token; try again");
  }
}
