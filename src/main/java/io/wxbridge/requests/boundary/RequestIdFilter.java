package io.wxbridge.requests.boundary;

import io.wxbridge.requests.entity.RequestId;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives every request its {@link RequestId} before anything else runs (access checks included, so a
 * refusal's log line has it too), and returns it as {@code X-Request-Id} on every answer, refusals
 * and asynchronous answers included. In the request, it is both a property and the request header
 * {@code X-Request-Id} (any the caller sent is replaced).
 */
@Provider
@PreMatching
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    RequestId id = RequestId.generate();
    request.setProperty(RequestId.PROPERTY, id);
    // also as a request header, replacing any the caller sent: a resource reads it as a header
    // parameter, which Jersey resolves without HK2 (a @Context parameter is an HK2 lookup per
    // request)
    request.getHeaders().putSingle(RequestId.HEADER, id.value());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(RequestId.PROPERTY) instanceof RequestId id) {
      response.getHeaders().putSingle(RequestId.HEADER, id.value());
    }
  }
}
