package io.wxbridge.access.boundary;

import io.wxbridge.access.control.AdminCallers;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Refuses everyone but administrators on {@link AdminOnly} resources, before they run. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminOnlyFilter implements ContainerRequestFilter {
  @Inject AdminCallers admins;
  @Context HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext context) {
    admins.verify(
        request.getRemoteAddr(),
        context.getHeaders().get("X-Forwarded-For"),
        context.getHeaderString(HttpHeaders.AUTHORIZATION));
  }
}
