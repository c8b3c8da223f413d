package io.wxbridge.relay.control;

import java.io.IOException;

/** More of the input than allowed would come before the part asked for. */
public final class TooFarInException extends IOException {
  private static final long serialVersionUID = 1L;

  TooFarInException(long maxOffset) {
    super("more than " + maxOffset + " bytes before the part");
  }
}
