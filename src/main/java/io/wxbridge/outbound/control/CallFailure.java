package io.wxbridge.outbound.control;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Where an outbound HTTP call failed, which decides whether it may be repeated: a request that
 * never reached the upstream can always be sent again; one that may have reached it (it was sent,
 * but no complete answer came back) may already have had its effect. Every outbound call of the
 * bridge classifies its failures here, so every upstream is retried by the same rule.
 */
public enum CallFailure {
  /**
   * No connection was established (refused, connect timeout, unknown host, TLS handshake, no pooled
   * connection free in time): nothing was sent.
   */
  NOT_CONNECTED,
  /**
   * The request was sent and no answer came within the read timeout: it may have had its effect.
   */
  TIMED_OUT,
  /**
   * The request may have been sent and the exchange broke off (reset, closed): it may have had its
   * effect.
   */
  NO_ANSWER;

  /**
   * Apache HttpClient 4 (RESTEasy's transport on WildFly) throws this, or its subclass for a pooled
   * connection that did not come free within the checkout timeout, before anything is written.
   * Named, not imported: it is WildFly's own (the WAR brings HttpClient 5, for Payara).
   */
  private static final String APACHE_CONNECT_TIMEOUT =
      "org.apache.http.conn.ConnectTimeoutException";

  /** Classifies a failure of an HTTP client by the I/O exception at its root. */
  public static CallFailure of(Throwable failure) {
    for (Throwable cause = failure;
        cause != null && cause.getCause() != cause;
        cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException
          || cause instanceof PortUnreachableException
          || cause instanceof SSLHandshakeException
          || isConnectTimeout(cause)
          || cause instanceof ConnectTimeoutException // Apache HttpClient 5 (Payara)
          || cause instanceof ConnectionRequestTimeoutException // its pool: no connection free
          || isApacheConnectTimeout(cause)) {
        return NOT_CONNECTED;
      }
      if (cause instanceof SocketTimeoutException) {
        return TIMED_OUT;
      }
    }
    return NO_ANSWER;
  }

  private static boolean isApacheConnectTimeout(Throwable cause) {
    for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
      if (APACHE_CONNECT_TIMEOUT.equals(type.getName())) {
        return true;
      }
    }
    return false;
  }

  /** True when repeating the call cannot make it take effect twice. */
  public boolean safeToRepeat() {
    return this == NOT_CONNECTED;
  }

  /** The JDK says "connect timed out" when the TCP handshake never completed: nothing was sent. */
  private static boolean isConnectTimeout(Throwable cause) {
    return cause instanceof SocketTimeoutException timeout
        && timeout.getMessage() != null
        && timeout.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out");
  }

  /** Names the failure for a log line without its message (which may hold a URL). */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
