package io.wxbridge.requests.boundary;

import io.wxbridge.requests.control.UnreadableHeaderException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a request whose Content-Type or Accept header {@link UnreadableMediaTypeHeaders} hid,
 * before resource matching: the answer has the face's shape and its request id.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 50)
public class UnreadableHeaderRefusal implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getProperty(UnreadableMediaTypeHeaders.ATTRIBUTE) instanceof String header) {
      throw new UnreadableHeaderException(header);
    }
  }
}
