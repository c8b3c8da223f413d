package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;

/**
 * The request provably never reached Udesk's video API (the connection was refused, no route, the
 * host unknown): the one failure that is safe to retry, and the only one {@link UdeskVideoApi}
 * retries.
 */
public class UdeskVideoNotReachedException extends ProblemException {
  private static final long serialVersionUID = 1L;

  UdeskVideoNotReachedException(Throwable cause) {
    super(502, UdeskVideoApiException.SYSTEM_ERROR, "Udesk's video API unreachable (connection not established)",
        cause);
  }
}
