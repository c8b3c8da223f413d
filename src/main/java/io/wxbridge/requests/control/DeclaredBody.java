package io.wxbridge.requests.control;

import java.io.IOException;
import java.io.InputStream;

/**
 * Whether a request's body is all here already: the test that lets the usual request, whose body
 * came with its headers, pass the bounds on bodies still arriving (a push's and a relayed
 * message's).
 */
public final class DeclaredBody {
  private DeclaredBody() {}

  /**
   * True when the container holds the whole declared length unread. False for a chunked body (no
   * length), and for one larger than what the container read with the headers (its read buffer:
   * such a body is then awaited within its bound, as one still arriving).
   *
   * @param declaredLength Content-Length, or -1 when the request declares none
   */
  public static boolean allHere(InputStream body, long declaredLength) {
    try {
      return declaredLength >= 0 && body.available() >= declaredLength;
    } catch (IOException | RuntimeException unknown) {
      return false; // read within the bound, where a failure is reported as a body cut off
    }
  }
}
