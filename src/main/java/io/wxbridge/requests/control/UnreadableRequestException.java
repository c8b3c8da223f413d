package io.wxbridge.requests.control;

import io.wxbridge.ProblemException;

/**
 * A request the JAX-RS runtime cannot read, found by a servlet filter before the runtime takes it
 * (which would answer it itself, outside the error mapping): a Content-Type or Accept header it
 * cannot parse (400, WeChat's data format error), or a path that is not percent-encoded UTF-8 or a
 * target that is no URI (400, WeChat's invalid parameter, as the Udesk face answers a path it
 * cannot decode). The filter leaves it in a request attribute ({@link #ATTRIBUTE}) for a JAX-RS
 * filter to throw.
 */
public class UnreadableRequestException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** Request attribute (a JAX-RS request property too) holding the refusal. */
  public static final String ATTRIBUTE = UnreadableRequestException.class.getName();

  /** WeChat's "data format error", the code its API answers for a body it cannot read. */
  static final int DATA_FORMAT_ERROR = 47001;

  /** WeChat's "invalid parameter". */
  static final int INVALID_PARAMETER = 40035;

  private UnreadableRequestException(int errcode, String message) {
    super(400, errcode, message);
  }

  public static UnreadableRequestException header(String name) {
    return new UnreadableRequestException(
        DATA_FORMAT_ERROR, "data format error: the " + name + " header cannot be read");
  }

  public static UnreadableRequestException target() {
    return new UnreadableRequestException(
        INVALID_PARAMETER, "invalid parameter: the path is not percent-encoded UTF-8, or no URI");
  }
}
