package io.wxbridge.outbound.control;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Every request body goes out so that no engine sends it again by itself. On Jersey (Payara), in a
 * JVM whose HttpURLConnection re-sends a buffered POST once after a broken connection ({@link
 * JdkPostResends}), a {@code byte[]} body (every JSON POST to WeChat and to Udesk's video API) gets
 * its Content-Length, as an upload declares its own: with it the JDK streams the body with a fixed
 * length and never sends it again, so no message reaches a follower twice. In a JVM started with
 * -Dsun.net.http.retryPost=false the JDK re-sends no POST, so the body is left to be buffered,
 * which spares each POST the JDK's check of a kept-alive connection before a streamed one (a read
 * that waits 1 ms and throws). On RESTEasy (WildFly) the header is removed: its Apache HttpClient
 * engine refuses a request that already carries one ("Content-Length header already present"), sets
 * it itself (spooling a large body to a temporary file rather than to the heap) and re-sends only a
 * body not yet sent. Registered by {@link OutboundClients} on every client but Udesk's message URL
 * ({@link OutboundClients.PostResend}).
 */
public class PostsSentOnce implements ClientRequestFilter {
  private static final String RESTEASY = "org.jboss.resteasy.";

  private final boolean jdkResendsBufferedPosts;

  /**
   * @param jdkResendsBufferedPosts {@link JdkPostResends#resendsPosts()}, for this JVM
   */
  public PostsSentOnce(boolean jdkResendsBufferedPosts) {
    this.jdkResendsBufferedPosts = jdkResendsBufferedPosts;
  }

  @Override
  public void filter(ClientRequestContext request) {
    if (!request.hasEntity()) {
      return;
    }
    if (request.getClient().getClass().getName().startsWith(RESTEASY)) {
      request.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    } else if (jdkResendsBufferedPosts
        && request.getEntity() instanceof byte[] body
        && !request.getHeaders().containsKey(HttpHeaders.CONTENT_LENGTH)) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
    }
  }
}
