package io.wxbridge;

import io.wxbridge.access.boundary.AdminOnlyFilter;
import io.wxbridge.access.boundary.CallerRestrictionFilter;
import io.wxbridge.metrics.boundary.MetricsResource;
import io.wxbridge.push.boundary.SlowPushBodies;
import io.wxbridge.push.boundary.WeChatPushResource;
import io.wxbridge.relay.boundary.SimulatedDomainResource;
import io.wxbridge.requests.boundary.LeavingCallerGuard;
import io.wxbridge.requests.boundary.NoSniffing;
import io.wxbridge.requests.boundary.RefusalEndsConnection;
import io.wxbridge.requests.boundary.RequestIdFilter;
import io.wxbridge.requests.boundary.UnreadableRequestRefusal;
import io.wxbridge.status.boundary.AdminStatusResource;
import io.wxbridge.videorecall.boundary.VideoRecallResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The bridge's URL layout (/wechat, /udesk, /video-recall, /admin) starts at the context root. The
 * API description (/openapi) is read from the resources' annotations; the two error shapes {@link
 * ProblemMapper} answers are defined here once and referred to by name.
 */
@ApplicationPath("/")
@OpenAPIDefinition(
    info =
        @Info(
            title = "wechat-udesk-bridge",
            version = "1",
            description =
                "WeChat's face /wechat/{appid}, Udesk's face /udesk/... (the simulated domain:"
                    + " WeChat API calls relayed with the bridge's access token), video recall, and"
                    + " the administrator's status and metrics. Health (/health/*) is the server's"
                    + " MicroProfile Health, not described here. README.md and docs/ explain every"
                    + " case."),
    components =
        @Components(
            schemas =
                @Schema(
                    name = JaxRsActivator.WECHAT_ERROR,
                    description =
                        "An error in WeChat's own shape: errcode -1 is 'system busy', other codes"
                            + " are WeChat's or the HTTP status",
                    type = SchemaType.OBJECT,
                    properties = {
                      @SchemaProperty(name = "errcode", type = SchemaType.INTEGER),
                      @SchemaProperty(name = "errmsg", type = SchemaType.STRING)
                    }),
            responses = {
              @APIResponse(
                  name = JaxRsActivator.WECHAT_ERROR,
                  description =
                      "Refused or failed (4xx, 5xx): WeChat-shaped JSON, as WeChat answers Udesk",
                  content =
                      @Content(
                          mediaType = "application/json",
                          schema = @Schema(ref = JaxRsActivator.WECHAT_ERROR))),
              @APIResponse(
                  name = JaxRsActivator.PUSH_REFUSED,
                  description =
                      "Refused: 400 unreadable, 401 wrong signature or AppID not served, 403"
                          + " replayed or stale, 413 too large, 503 stopping; WeChat reads only"
                          + " the status",
                  content = @Content(mediaType = "text/plain"))
            }))
public class JaxRsActivator extends Application {
  /** The error response of every face but WeChat's (components/responses). */
  public static final String WECHAT_ERROR = "WeChatError";

  /** The error response of WeChat's face. */
  public static final String PUSH_REFUSED = "PushRefused";

  /**
   * The bridge's resources and providers, named rather than scanned: a scan takes every class with
   * a JAX-RS annotation on a method (the servlet container's rule), so the MicroProfile REST client
   * interfaces of the WeChat API were taken for resources: Jersey warned at every start that they
   * cannot be instantiated, and Payara listed their paths ({@code //cgi-bin/...}) among the
   * bridge's endpoints. ArchitectureTest checks that the list is complete.
   */
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        WeChatPushResource.class,
        SimulatedDomainResource.class,
        VideoRecallResource.class,
        AdminStatusResource.class,
        MetricsResource.class,
        ProblemMapper.class,
        RequestIdFilter.class,
        UnreadableRequestRefusal.class,
        RefusalEndsConnection.class,
        NoSniffing.class,
        LeavingCallerGuard.class,
        SlowPushBodies.class,
        CallerRestrictionFilter.class,
        AdminOnlyFilter.class);
  }

  /**
   * Jersey (Payara) settings; other runtimes ignore the keys. No WADL: it would describe every
   * endpoint to anyone who sends OPTIONS. Status over sendError: the few errors Jersey answers
   * itself (an unparsable Content-Type or Accept is refused before, by UnreadableRequestRefusal)
   * stay a bare status instead of the server's HTML error page, which names the server product.
   * Query parameters are not form parameters: otherwise a form-labelled POST with an empty body and
   * a query makes Jersey log a WARNING with the request's URI, an account's secret udesk-path
   * included, for anyone who sends one (the bridge reads every body itself).
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.wadl.disableWadl",
        true,
        "jersey.config.server.response.setStatusOverSendError",
        true,
        "jersey.config.servlet.form.queryParams.disabled",
        true);
  }
}
