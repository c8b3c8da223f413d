package io.wxbridge.inbox.boundary;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.EmbeddedFileCompaction;
import io.wxbridge.inbox.control.InboxSettings;
import io.wxbridge.inbox.control.InboxStatus;
import io.wxbridge.inbox.control.InboxTimers;
import io.wxbridge.inbox.control.PushIdentities;
import io.wxbridge.inbox.control.Redelivery;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Opens (and migrates) the inbox at start, so pushes that were pending when the bridge stopped are
 * delivered without waiting for a new one, and runs a redelivery pass every
 * bridge.inbox.poll-interval ms and a compaction step of the embedded database's file every {@value
 * EmbeddedFileCompaction#STEP_EVERY_MILLIS} ms. The inbox's own scheduler (InboxTimers) rather than
 * an EJB timer: sub-second intervals, no EJB container needed, and passes that go on while WildFly
 * suspends for a stop.
 */
@ApplicationScoped
public class RedeliverySchedule {
  @Inject BridgeDatabase database;
  @Inject InboxSettings settings;
  @Inject Redelivery redelivery;
  @Inject InboxStatus status;
  @Inject PushIdentities identities;
  @Inject InboxTimers timers;
  @Inject EmbeddedFileCompaction compaction;

  private static final byte[] SAMPLE =
      "<xml><FromUserName>o</FromUserName><MsgId>1</MsgId></xml>"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private ScheduledFuture<?> passes;
  private ScheduledFuture<?> compactions;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    database.open(); // opened and migrated before the first push, not in the background after it
    status.counts(); // warms the JDBC path
    identities.of(SAMPLE); // and the parser the inbox identifies pushes with
    passes = timers.every(Duration.ofMillis(settings.pollIntervalMillis()), redelivery::pass);
    compactions =
        timers.every(Duration.ofMillis(EmbeddedFileCompaction.STEP_EVERY_MILLIS), compaction::step);
  }

  /** No further passes or steps; also called when the stop begins ({@link InboxShutdown}). */
  @PreDestroy
  void stop() {
    if (passes != null) {
      passes.cancel(false);
    }
    if (compactions != null) {
      compactions.cancel(false);
    }
  }
}
