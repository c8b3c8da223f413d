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
    return UdeskAnswerException.refused(response.getStatus());
  }
}
