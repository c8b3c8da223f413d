package io.wxbridge.metrics.boundary;

import io.wxbridge.access.boundary.AdminOnly;
import io.wxbridge.metrics.control.MetricsText;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * GET /admin/metrics: the bridge's metrics for Prometheus (docs/metrics.md), for administrators
 * only, exactly like /admin/status: the labels name the accounts served.
 */
@Path("admin/metrics")
@AdminOnly
@RequestScoped
@Produces(MetricsText.MEDIA_TYPE)
public class MetricsResource {
  @Inject MetricsText metrics;

  @GET
  public String metrics() {
    return metrics.scrape();
  }
}
