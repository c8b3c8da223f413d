package io.wxbridge.forward.control;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns any status but 2xx from Udesk's message URL into an {@link UdeskAnswerException}, so a 3xx
 * or an error page is never mistaken for Udesk's answer. (The REST client's default mapper only
 * sees 4xx and 5xx; it is disabled for this client.)
 */
public class UdeskStatusMapper implements ResponseExceptionMapper<UdeskAnswerException> {

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status < 200 || status >= 300;
  }

  @Override
  public UdeskAnswerException toThrowable(Response response) {
    int status = response.getStatus();
    // the REST client throws what this returns without closing the answer: closed here, its
    // connection goes back for reuse rather than staying open until a collection finds it (a Udesk
    // answering 429 to every push would otherwise cost a new connection, and a socket, each)
    response.close();
    return UdeskAnswerException.refused(status);
  }
}
