package io.wxbridge.inbox.boundary;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.inbox.control.InboxSettings;
import io.wxbridge.inbox.control.InboxStatus;
import io.wxbridge.inbox.control.PushIdentities;
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
 * delivered without waiting for a new one, and runs a redelivery pass every
 * bridge.inbox.poll-interval ms. A managed executor rather than an EJB timer: sub-second intervals,
 * and no EJB container needed.
 */
@ApplicationScoped
public class RedeliverySchedule {
  @Inject BridgeDatabase database;
  @Inject InboxSettings settings;
  @Inject Redelivery redelivery;
  @Inject InboxStatus status;
  @Inject PushIdentities identities;

  @Resource ManagedScheduledExecutorService scheduler;

  private static final byte[] SAMPLE =
      "<xml><FromUserName>o</FromUserName><MsgId>1</MsgId></xml>"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private ScheduledFuture<?> passes;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    database.open(); // opened and migrated before the first push, not in the background after it
    status.counts(); // warms the JDBC path
    identities.of(SAMPLE); // and the parser the inbox identifies pushes with
    passes =
        scheduler.scheduleWithFixedDelay(
            redelivery::pass,
            settings.pollIntervalMillis(),
            settings.pollIntervalMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** No further passes; also called when the stop begins ({@link InboxShutdown}). */
  @PreDestroy
  void stop() {
    if (passes != null) {
      passes.cancel(false);
    }
  }
}
