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
 * and asynchronous answers included.
 */
@Provider
@PreMatching
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(RequestId.PROPERTY, RequestId.generate());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(RequestId.PROPERTY) instanceof RequestId id) {
      response.getHeaders().putSingle(RequestId.HEADER, id.value());
    }
  }
}
