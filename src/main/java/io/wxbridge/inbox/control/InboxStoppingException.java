package io.wxbridge.inbox.control;

import io.wxbridge.ProblemException;

/**
 * A push the inbox could not record because the bridge is stopping: 503, so that WeChat retries it
 * (on another instance, or after the restart) rather than taking an empty answer for a push nobody
 * recorded or forwarded.
 */
public class InboxStoppingException extends ProblemException {
  private static final long serialVersionUID = 1L;

  InboxStoppingException() {
    super(503, -1, "the bridge is stopping; WeChat retries the push");
  }
}
