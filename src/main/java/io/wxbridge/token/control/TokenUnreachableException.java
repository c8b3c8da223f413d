package io.wxbridge.token.control;

import io.wxbridge.ProblemException;

/** No connection to WeChat's token endpoint (or the token server) could be made, even after retrying. */
public class TokenUnreachableException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public TokenUnreachableException(String what) {
    super(502, -1, what + " unreachable: no access_token");
  }
}
