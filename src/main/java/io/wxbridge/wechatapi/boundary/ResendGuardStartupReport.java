package io.wxbridge.wechatapi.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * Warns at start when the JVM may re-send a POST by itself. The JDK's HttpURLConnection (under the
 * REST clients on Payara) silently repeats a POST once when a kept-alive connection turns out to be
 * stale, unless sun.net.http.retryPost=false: a customer-service or template message could then
 * reach a follower twice. The run command and the deployment notes set it; a server started
 * otherwise is told.
 */
@ApplicationScoped
public class ResendGuardStartupReport {
  private static final Logger LOG = Logger.getLogger(ResendGuardStartupReport.class.getName());
  static final String RETRY_POST = "sun.net.http.retryPost";

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!"false".equals(System.getProperty(RETRY_POST))) {
      LOG.warning(
          "Start the server with -D"
              + RETRY_POST
              + "=false: without it the JDK may silently re-send a"
              + " message to WeChat on a stale connection, and a follower could receive it twice (see README)");
    }
  }
}
