package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.junit.jupiter.api.Test;

/** Whether a failed call may have reached the upstream decides whether it may be sent again. */
class CallFailureTest {
  @Test
  void aConnectionThatWasNeverMadeSentNothing() {
    assertEquals(
        CallFailure.NOT_CONNECTED,
        CallFailure.of(new ProcessingException(new ConnectException("Connection refused"))));
    assertEquals(
        CallFailure.NOT_CONNECTED,
        CallFailure.of(new ProcessingException(new SocketTimeoutException("Connect timed out"))));
    assertEquals(
        CallFailure.NOT_CONNECTED,
        CallFailure.of(new ProcessingException(new UnknownHostException("api.weixin.qq.com"))));
  }

  @Test
  void aCallThatFoundNoFreePooledConnectionSentNothing() {
    // RESTEasy (WildFly) wraps what its Apache HttpClient engine threw
    assertEquals(
        CallFailure.NOT_CONNECTED,
        CallFailure.of(
            new ProcessingException(
                new ConnectionPoolTimeoutException("Timeout waiting for connection from pool"))));
  }

  @Test
  void apacheHttpClient5sConnectFailuresSentNothing() {
    // Jersey's Apache connector (Payara) wraps what HttpClient 5 threw
    assertEquals(
        CallFailure.NOT_CONNECTED,
        CallFailure.of(new ProcessingException(new ConnectTimeoutException("Connect timed out"))));
    assertEquals(
        CallFailure.NOT_CONNECTED,
        CallFailure.of(
            new ProcessingException(
                new ConnectionRequestTimeoutException("Timeout deadline: 3000 MILLISECONDS"))));
    assertEquals(
        CallFailure.NO_ANSWER,
        CallFailure.of(new ProcessingException(new NoHttpResponseException("failed to respond"))));
  }

  @Test
  void aRequestWithoutAnAnswerMayHaveBeenCarriedOut() {
    assertEquals(
        CallFailure.TIMED_OUT,
        CallFailure.of(new ProcessingException(new SocketTimeoutException("Read timed out"))));
    assertEquals(
        CallFailure.NO_ANSWER,
        CallFailure.of(new ProcessingException(new IOException("Connection reset"))));
    assertEquals(CallFailure.NO_ANSWER, CallFailure.of(new ProcessingException("no cause")));
  }

  @Test
  void describesByTheRootCauseOnly() {
    assertEquals(
        "SocketTimeoutException",
        CallFailure.describe(
            new ProcessingException(
                "GET http://x/?access_token=T", new SocketTimeoutException("Read timed out"))));
  }
}
