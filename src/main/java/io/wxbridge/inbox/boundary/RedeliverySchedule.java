package io.wxbridge.inbox.boundary;

import io.wxbridge.inbox.control.InboxDatabase;
import io.wxbridge.inbox.control.InboxSettings;
import io.wxbridge.inbox.control.Redelivery;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens (and migrates) the inbox at start, so pushes that were pending when the bridge stopped are
 * delivered without waiting for a new one, and runs a redelivery pass every bridge.inbox.poll-interval
 * ms. A managed executor rather than an EJB timer: sub-second intervals, and no EJB container needed.
 */
@ApplicationScoped
public class RedeliverySchedule {
  @Inject InboxDatabase database;
  @Inject InboxSettings settings;
  @Inject Redelivery redelivery;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> passes;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    database.ready();
    passes = scheduler.scheduleWithFixedDelay(redelivery::pass, settings.pollIntervalMillis(),
        settings.pollIntervalMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (passes != null) {
      passes.cancel(false);
    }
  }
}
