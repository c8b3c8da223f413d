package io.wxbridge.metrics.control;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The bridge's one meter registry, created once. @Singleton, not @ApplicationScoped: the registry
 * has no constructor a CDI client proxy could use, and needs none (it lives as long as the
 * application).
 */
@ApplicationScoped
public class MeterRegistryProducer {

  @Produces
  @Singleton
  PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  void close(@Disposes PrometheusMeterRegistry registry) {
    registry.close();
  }
}
