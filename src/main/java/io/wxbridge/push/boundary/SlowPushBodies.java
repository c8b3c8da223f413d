package io.wxbridge.push.boundary;

import io.wxbridge.requests.boundary.ArrivingBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Awaits a push body that did not come with its headers within bridge.push.max-slow-bodies, or
 * refuses the push 503 ({@link PushBodyReader#awaitIfSlow}). Pre-matching, so that the refusal is
 * answered before the push resource's asynchronous answer begins: after an asynchronous answer
 * WildFly reads a refused request's body to its end, whatever the answer says (a thread dump: 168
 * workers draining stalled bodies), but not after a synchronous one told to close ({@code
 * RefusalEndsConnection}).
 */
@Provider
@PreMatching
public class SlowPushBodies implements ContainerRequestFilter {
  @Inject PushBodyReader bodies;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath(); // "/wechat/…" on RESTEasy, "wechat/…" on Jersey
    if ("POST".equals(request.getMethod())
        && (path.startsWith("wechat/") || path.startsWith("/wechat/"))) {
      long declared = PushBodyReader.declared(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
      bodies
          .awaitIfSlow(ArrivingBody.of(request.getEntityStream()), declared)
          .ifPresent(request::setEntityStream);
    }
  }
}
