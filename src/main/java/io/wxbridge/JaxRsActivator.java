package io.wxbridge;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The bridge's URL layout (/wechat, /udesk, /video-recall) starts at the context root. */
@ApplicationPath("/")
public class JaxRsActivator extends Application {

  /** Jersey (Payara) would describe every endpoint to anyone who sends OPTIONS; other runtimes ignore the key. */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
