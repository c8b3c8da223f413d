package io.wxbridge.requests.boundary;

import io.wxbridge.requests.control.UnreadableRequestException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a request that a servlet filter found unreadable ({@link UnreadableMediaTypeHeaders},
 * {@link UnreadableTargets}) before resource matching: the answer has the face's shape and its
 * request id.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 50)
public class UnreadableRequestRefusal implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getProperty(UnreadableRequestException.ATTRIBUTE)
        instanceof UnreadableRequestException refusal) {
      throw refusal;
    }
  }
}
