package io.wxbridge.testing;

import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.event.suite.BeforeSuite;

/**
 * Starts the fakes and writes the bridge's configuration before Arquillian starts any server:
 * WildFly starts before the @Deployment method runs and reads that configuration at boot.
 */
public class TestBridgeExtension implements LoadableExtension {

  @Override
  public void register(ExtensionBuilder builder) {
    builder.observer(BeforeServers.class);
  }

  /** Observes BeforeSuite ahead of Arquillian's own container start (default precedence 0). */
  public static class BeforeServers {
    public void start(@Observes(precedence = 100) BeforeSuite event) {
      TestBridge.start();
    }
  }
}
