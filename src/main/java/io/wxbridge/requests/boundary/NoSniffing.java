package io.wxbridge.requests.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code X-Content-Type-Options: nosniff} on every answer of the bridge's: a browser takes each as
 * the type it declares. WeChat's URL check echoes its echostr as text/plain (a caller who knows the
 * account's Token can make it any text, markup included), and relayed media go back with WeChat's
 * type.
 */
@Provider
public class NoSniffing implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
  }
}
