package io.wxbridge.videorecall.control;

import io.wxbridge.videorecall.entity.UdeskSignature;
import io.wxbridge.videorecall.entity.UdeskVideoHeaders;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.function.Supplier;

/**
 * Adds the four authentication headers to every request of {@link UdeskVideoClient}, signing each
 * attempt anew: a retry after a refused connection gets a fresh nonce and timestamp, so Udesk never
 * sees a nonce twice.
 */
public class UdeskSigningFilter implements ClientRequestFilter {
  private final Supplier<UdeskSignature> signatures;
  private final UdeskVideoHeaders names;

  public UdeskSigningFilter(Supplier<UdeskSignature> signatures, UdeskVideoHeaders names) {
    this.signatures = signatures;
    this.names = names;
  }

  @Override
  public void filter(ClientRequestContext request) {
    UdeskSignature signature = signatures.get();
    request.getHeaders().putSingle(names.appId(), signature.appId());
    request.getHeaders().putSingle(names.nonce(), signature.nonce());
    request.getHeaders().putSingle(names.timestamp(), Long.toString(signature.timestamp()));
    request.getHeaders().putSingle(names.token(), signature.token());
  }
}
