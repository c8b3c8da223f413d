package io.wxbridge.relay.control;

import java.io.IOException;

/**
 * Thrown (as an IOException, so it can travel through any stream) for a body that breaks the
 * format.
 */
public final class MalformedMultipartException extends IOException {
  private static final long serialVersionUID = 1L;

  MalformedMultipartException(String message) {
    super(message);
  }
}
