package io.wxbridge.metrics.control;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Every metric of the bridge in Prometheus's text format, version 0.0.4. */
@ApplicationScoped
public class MetricsText {
  /** The media type of Prometheus's text format. */
  public static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  @Inject PrometheusMeterRegistry registry;
  @Inject InboxGauges inbox;
  @Inject PoolGauges pools;

  public String scrape() {
    inbox.refresh();
    pools.refresh();
    return registry.scrape();
  }
}
