package io.wxbridge.metrics.boundary;

import io.wxbridge.JaxRsActivator;
import io.wxbridge.access.boundary.AdminOnly;
import io.wxbridge.metrics.control.MetricsText;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GET /admin/metrics: the bridge's metrics for Prometheus (docs/metrics.md), for administrators
 * only, exactly like /admin/status: the labels name the accounts served.
 */
@Path("admin/metrics")
@AdminOnly
@RequestScoped
@Produces(MetricsText.MEDIA_TYPE)
@Tag(name = "Admin", description = AdminOnly.CALLERS)
@APIResponse(responseCode = "default", ref = JaxRsActivator.WECHAT_ERROR)
public class MetricsResource {
  @Inject MetricsText metrics;

  @GET
  @Operation(summary = "The bridge's metrics, Prometheus text format 0.0.4 (docs/metrics.md)")
  public String metrics() {
    return metrics.scrape();
  }
}
