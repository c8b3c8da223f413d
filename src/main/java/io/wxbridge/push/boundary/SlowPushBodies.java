package io.wxbridge.push.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.push.control.PushReception;
import io.wxbridge.requests.boundary.ArrivingBody;
import io.wxbridge.requests.control.DeclaredBody;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.util.List;

/**
 * Awaits a stranger's push body that did not come with its headers within
 * bridge.push.max-slow-bodies, or refuses the push 503 ({@link PushBodyReader#awaitIfSlow}).
 * Pre-matching, so that the refusal is answered before the push resource's asynchronous answer
 * begins: after an asynchronous answer WildFly reads a refused request's body to its end, whatever
 * the answer says, but not after a synchronous one told to close ({@code RefusalEndsConnection}).
 * After RequestIdFilter, so that a refusal has its request id.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 100)
public class SlowPushBodies implements ContainerRequestFilter {
  @Inject PushBodyReader bodies;
  @Inject Accounts accounts;
  @Inject PushReception reception;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!"POST".equals(request.getMethod())) {
      return;
    }
    long declared = PushBodyReader.declared(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
    InputStream body = ArrivingBody.of(request.getEntityStream());
    if (DeclaredBody.allHere(body, declared)) {
      return; // the usual request, a push's included: its path need not be read
    }
    // segments, not the path: matrix parameters (/wechat;x/…) are apart, as in resource matching
    List<PathSegment> segments =
        request.getUriInfo().getPathSegments().stream()
            .filter(segment -> !segment.getPath().isEmpty())
            .toList();
    if (segments.size() < 2 || !segments.get(0).getPath().equals("wechat")) {
      return;
    }
    String appId = segments.get(1).getPath();
    bodies
        .awaitIfSlow(
            body,
            declared,
            () -> {
              MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
              return reception.signedByWeChat(
                  accounts.served(appId),
                  query.getFirst("signature"),
                  query.getFirst("timestamp"),
                  query.getFirst("nonce"));
            })
        .ifPresent(request::setEntityStream);
  }
}
