package io.wxbridge.benchmark.trivial;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The trivial relay's own JAX-RS application beside the bridge's in the benchmark's WAR: the
 * bridge's names its classes instead of scanning (JaxRsActivator), so it no longer picks this one
 * up.
 */
@ApplicationPath("/relay")
public class TrivialRelayApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(TrivialRelayResource.class);
  }
}
