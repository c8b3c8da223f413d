package io.wxbridge.outbound.control;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Lets RESTEasy (WildFly) send a body whose Content-Length the caller declared. Jersey (Payara)
 * needs that header to stream the body with a fixed length; RESTEasy's Apache HttpClient engine
 * refuses a request that already carries one ("Content-Length header already present") and sets it
 * itself, spooling a large body to a temporary file rather than to the heap. Registered on every
 * client by {@link OutboundClients}; does nothing on Jersey.
 */
public class EngineSetsContentLength implements ClientRequestFilter {
  private static final String RESTEASY = "org.jboss.resteasy.";

  @Override
  public void filter(ClientRequestContext request) {
    if (request.hasEntity() && request.getClient().getClass().getName().startsWith(RESTEASY)) {
      request.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    }
  }
}
