package io.wxbridge.requests.boundary;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * Ends the connection after a refusal (4xx, 5xx) of a request whose body has not all come ({@code
 * Connection: close}): the bridge may have refused it before reading it (a stranger's POST to a
 * path no face serves, an upload over the limit, a call beyond the relay's capacity). To keep such
 * a connection for another request, WildFly (Undertow) reads the rest of the body on the worker
 * thread after answering, for as long as the caller takes to send it; a probe's 210 connections
 * that each sent 7 bytes of an announced megabyte to a wrong path, with no credential at all, held
 * every worker thread for 90 s, and pushes and sends got no answer. Told to close, WildFly does not
 * read on. A body that has all come is read here instead and the connection kept: Payara (Grizzly)
 * still runs the requests a caller pipelined behind one it was told to close, and each of their
 * answers, unwritable, cost a SEVERE stack trace (a probe: 20 unsigned POSTs in one write, 19 stack
 * traces, 100 KB of log).
 */
@Provider
public class RefusalEndsConnection implements ContainerResponseFilter {
  /** The most of an arrived body read to keep its connection; a larger one ends it. */
  private static final int MAX_READ = 64 * 1024;

  @Context HttpServletRequest servletRequest;

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
    if (withBody && !readWhatCame()) {
      response.getHeaders().putSingle("Connection", "close");
    }
  }

  /** Reads what is left of the body without waiting; whether that was all of it. */
  private boolean readWhatCame() {
    try {
      ServletInputStream body = servletRequest.getInputStream();
      byte[] buffer = new byte[8192];
      int read = 0;
      while (!body.isFinished() && body.available() > 0 && read < MAX_READ) {
        int chunk = body.read(buffer, 0, Math.min(buffer.length, body.available()));
        if (chunk < 0) {
          break;
        }
        read += chunk;
      }
      return body.isFinished();
    } catch (IOException | IllegalStateException unreadable) {
      return false; // the body broke off, or was read as something else: the connection ends
    }
  }
}
