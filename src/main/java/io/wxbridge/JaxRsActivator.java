package io.wxbridge;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The bridge's URL layout (/wechat, /udesk, /video-recall) starts at the context root. */
@ApplicationPath("/")
public class JaxRsActivator extends Application {

  /**
   * Jersey (Payara) settings; other runtimes ignore the keys. No WADL: it would describe every
   * endpoint to anyone who sends OPTIONS. Status over sendError: the few errors Jersey answers
   * itself (e.g. an unparsable Content-Type) stay a bare status instead of the server's HTML error
   * page, which names the server product.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.wadl.disableWadl",
        true,
        "jersey.config.server.response.setStatusOverSendError",
        true);
  }
}
