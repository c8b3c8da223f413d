package io.wxbridge.outbound.control;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Every request body goes out with its length declared before it is sent, so that no engine keeps a
 * copy to send again by itself. On Jersey (Payara) a {@code byte[]} body (every JSON POST to WeChat
 * and to Udesk's video API) gets its Content-Length, as an upload declares its own: with it the
 * JDK's HttpURLConnection streams the body with a fixed length, and a streamed POST is never
 * re-sent on a kept-alive connection that turns out to be stale; without it the JDK buffers the
 * body and re-sends it once unless the JVM runs with -Dsun.net.http.retryPost=false, so a message
 * could reach a follower twice. On RESTEasy (WildFly) the header is removed: its Apache HttpClient
 * engine refuses a request that already carries one ("Content-Length header already present"), sets
 * it itself (spooling a large body to a temporary file rather than to the heap) and re-sends only a
 * body not yet sent. Registered by {@link OutboundClients} on every client but Udesk's message URL
 * ({@link OutboundClients.PostResend}).
 */
public class BodiesWithTheirLength implements ClientRequestFilter {
  private static final String RESTEASY = "org.jboss.resteasy.";

  @Override
  public void filter(ClientRequestContext request) {
    if (!request.hasEntity()) {
      return;
    }
    if (request.getClient().getClass().getName().startsWith(RESTEASY)) {
      request.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    } else if (request.getEntity() instanceof byte[] body
        && !request.getHeaders().containsKey(HttpHeaders.CONTENT_LENGTH)) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
    }
  }
}
