package io.wxbridge.forward.control;

/**
 * Udesk answered a forwarded push with a status other than 2xx. Internal to the forwarding: it becomes
 * a {@code REFUSED} delivery outcome and never reaches a caller.
 */
public class UdeskRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public UdeskRefusedException(int status) {
    super("Udesk answered HTTP " + status);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
