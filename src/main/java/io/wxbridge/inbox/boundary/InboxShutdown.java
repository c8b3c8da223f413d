package io.wxbridge.inbox.boundary;

import io.wxbridge.inbox.control.InboxWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A normal stop (SIGTERM, undeploy) waits for the pushes in flight before any bean is destroyed:
 * the application context's BeforeDestroyed event comes before every @PreDestroy, so the database,
 * the forward pools and the REST clients are still there while WeChat gets its answers and the
 * outcomes are recorded. New pushes get 503 meanwhile (WeChat retries them). What is not done
 * within bridge.shutdown.grace stays in the inbox and is delivered after the restart.
 */
@ApplicationScoped
public class InboxShutdown {
  private static final Logger LOG = Logger.getLogger(InboxShutdown.class.getName());

  @Inject
  @ConfigProperty(name = "bridge.shutdown.grace")
  long graceMillis;

  @Inject InboxWork work;
  @Inject RedeliverySchedule schedule;

  /**
   * Created at start, its stop's wait run once with no grace: Payara refuses to load a class of the
   * application once the stop has begun (InboxWork.awaitIdle), so nothing on the stop's path may be
   * new then. The log lines below take parameters rather than lambdas for the same reason.
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    work.awaitIdle(Duration.ZERO);
  }

  void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    schedule.stop();
    long started = System.nanoTime();
    int left = work.close(Duration.ofMillis(graceMillis));
    long waited = (System.nanoTime() - started) / 1_000_000;
    if (left == 0) {
      LOG.log(
          Level.INFO, "Stopping: every push in flight is answered and recorded ({0} ms)", waited);
    } else {
      LOG.log(
          Level.WARNING,
          "Stopping: {0} pushes, attempts or redelivery passes still in flight after"
              + " bridge.shutdown.grace={1} ms; they stay in the inbox and are delivered again"
              + " after the restart",
          new Object[] {left, graceMillis});
    }
  }
}
