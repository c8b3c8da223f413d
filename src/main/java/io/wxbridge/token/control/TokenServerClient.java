package io.wxbridge.token.control;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The enterprise's own token server (a "central control server") for token-mode external: the base
 * URL is the account's token-url, which answers {"access_token":…,"expires_in":…}.
 */
public interface TokenServerClient {

  /** GET {bridge.account.&lt;appid&gt;.token-url}. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Response token();
}
