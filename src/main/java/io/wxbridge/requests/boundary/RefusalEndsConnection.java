package io.wxbridge.requests.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Ends the connection after a refusal (4xx, 5xx) of a request that came with a body ({@code
 * Connection: close}): the bridge may have refused it before reading it (a stranger's POST to a
 * path no face serves, an upload over the limit, a call beyond the relay's capacity). To keep such
 * a connection for another request, WildFly (Undertow) reads the rest of the body on the worker
 * thread after answering, for as long as the caller takes to send it; a probe's 210 connections
 * that each sent 7 bytes of an announced megabyte to a wrong path, with no credential at all, held
 * every worker thread for 90 s, and pushes and sends got no answer. Told to close, WildFly does not
 * read on. Payara reads such a body without a thread; a caller's next request opens a new
 * connection.
 */
@Provider
public class RefusalEndsConnection implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400) {
      return;
    }
    // the header as text: getLength() reads an int, and throws for a length of 2 GiB or more
    String length = request.getHeaderString("Content-Length");
    boolean withBody =
        (length != null && !length.strip().equals("0"))
            || request.getHeaderString("Transfer-Encoding") != null;
    if (withBody) {
      response.getHeaders().putSingle("Connection", "close");
    }
  }
}
