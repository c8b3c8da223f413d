package io.wxbridge.outbound.control;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.InputStream;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/**
 * Every request body goes out with its Content-Length, never in chunks (a Udesk URL or a gateway
 * may not take a chunked body) and never buffered whole on the bridge's side: both servers' engines
 * are Apache HttpClient's, which refuses a request that already carries the header and sets it from
 * the body. On RESTEasy (WildFly) the header is removed: its engine sets it itself (spooling a
 * large body to a temporary file rather than to the heap). On Jersey (Payara) the body becomes an
 * Apache entity of known length, which Jersey's Apache connector sends with that length: a {@code
 * byte[]} (every JSON POST, and a push to Udesk) with its own, an upload's stream with the length
 * its caller declared. Any other body would go in chunks; the bridge sends none. Registered on
 * every client by {@link OutboundClients}.
 */
public class BodiesWithTheirLength implements ClientRequestFilter {
  private static final String RESTEASY = "org.jboss.resteasy.";

  @Override
  public void filter(ClientRequestContext request) {
    if (!request.hasEntity()) {
      return;
    }
    String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    request.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    if (request.getClient().getClass().getName().startsWith(RESTEASY)) {
      return;
    }
    if (request.getEntity() instanceof byte[] body) {
      request.setEntity(new ByteArrayEntity(body, null));
    } else if (request.getEntity() instanceof InputStream stream && declared != null) {
      request.setEntity(new InputStreamEntity(stream, Long.parseLong(declared), null));
    }
  }
}
