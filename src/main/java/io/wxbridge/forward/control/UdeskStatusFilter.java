package io.wxbridge.forward.control;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns any status but 2xx from Udesk's message URL into an {@link UdeskAnswerException}, so a 3xx
 * or an error page is never mistaken for Udesk's answer, nor held in memory. A filter rather than
 * the REST client's {@code ResponseExceptionMapper}: RESTEasy (WildFly) reads an answer whole into
 * memory before it hands it to a mapper, whatever its size, and Jersey (Payara) throws the mapper's
 * exception without closing the answer, whose connection then stayed open until a collection (each
 * refused push took a new one).
 */
public class UdeskStatusFilter implements ClientResponseFilter {

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    int status = response.getStatus();
    if (status >= 200 && status < 300) {
      return;
    }
    UdeskAnswerException refused = UdeskAnswerException.refused(status);
    // closed unread: the connection goes back for reuse (on Payara after a rest of at most 64 KiB,
    // DrainOrAbort, else it is dropped; on WildFly Apache's engine reads any rest to its end); one
    // that breaks off is refused all the same
    InputStream unread = response.getEntityStream();
    try {
      if (unread != null) {
        unread.close();
      }
    } catch (IOException brokenOff) {
      refused.addSuppressed(brokenOff);
    }
    throw refused;
  }
}
