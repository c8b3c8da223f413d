package io.wxbridge.access.boundary;

import io.wxbridge.access.control.CallerRestrictions;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses callers outside the networks a {@link RestrictedCallers} resource names, before it runs.
 */
@Provider
@RestrictedCallers("")
@Priority(Priorities.AUTHENTICATION)
public class CallerRestrictionFilter implements ContainerRequestFilter {
  @Inject CallerRestrictions restrictions;
  @Context ResourceInfo resource;
  @Context HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext context) {
    RestrictedCallers restricted =
        resource.getResourceMethod().getAnnotation(RestrictedCallers.class);
    if (restricted == null) {
      restricted = resource.getResourceClass().getAnnotation(RestrictedCallers.class);
    }
    restrictions.check(
        restricted.value(), request.getRemoteAddr(), context.getHeaders().get("X-Forwarded-For"));
  }
}
