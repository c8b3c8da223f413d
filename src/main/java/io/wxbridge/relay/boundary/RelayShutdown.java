package io.wxbridge.relay.boundary;

import io.wxbridge.relay.control.RelayedCalls;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A normal stop (SIGTERM, undeploy) also waits for Udesk's calls in flight to WeChat, before any
 * bean is destroyed: the REST clients close after, and closing them under a send WeChat is carrying
 * out would cut it off, the bridge never learning whether it went. The inbox's stop waits for
 * pushes (inbox.boundary.InboxShutdown) on the same event; both waits together stay within one
 * bridge.shutdown.grace, counted from the stop's first observer (below), so that the service
 * manager's stop timeout need only be above the grace, not twice it. The calls go on while the
 * inbox waits; this wait comes last and is usually over at once.
 */
@ApplicationScoped
public class RelayShutdown {
  private static final Logger LOG = Logger.getLogger(RelayShutdown.class.getName());

  @Inject
  @ConfigProperty(name = "bridge.shutdown.grace")
  long graceMillis;

  @Inject RelayedCalls relayed;

  private volatile long deadlineNanos;

  /**
   * Created at start, its stop's wait run once with no grace: Payara refuses to load a class of the
   * application once the stop has begun, and this bean, created then by the stop's first observer,
   * could end the stop's observers before the inbox's wait (docs/inbox.md, "Stopping").
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    relayed.awaitNoneInFlight(System.nanoTime());
  }

  void stopBegins(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @BeforeDestroyed(ApplicationScoped.class)
          Object stopping) {
    deadlineNanos = System.nanoTime() + Duration.ofMillis(graceMillis).toNanos();
  }

  void onStop(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_AFTER)
          @BeforeDestroyed(ApplicationScoped.class)
          Object stopping) {
    int left = relayed.awaitNoneInFlight(deadlineNanos);
    if (left > 0) {
      LOG.log(
          Level.WARNING,
          "Stopping: {0} of Udesk''s calls still in flight to WeChat after"
              + " bridge.shutdown.grace={1} ms; they are cut off when the REST clients close",
          new Object[] {left, graceMillis});
    }
  }
}
