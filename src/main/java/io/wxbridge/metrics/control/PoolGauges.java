package io.wxbridge.metrics.control;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.wxbridge.forward.control.UdeskCapacity;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.control.ThreadBudget;
import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The pools made through outbound.control.OutboundPools as Micrometer's executor metrics: for each
 * pool its threads, the busy ones, its bound, the tasks queued and done, labelled by the pool's
 * name and its account. Pools come as they are first needed (an account's Udesk forwards with its
 * first push), so each scrape binds the ones made since the last, each once (bound again,
 * Micrometer would keep the first meters and log a warning at every scrape). Read when scraped:
 * nothing on the path of a task. Besides, the threads the accounts' forward pools share.
 */
@ApplicationScoped
public class PoolGauges {
  static final String PREFIX = "bridge";

  @Inject MeterRegistry registry;
  @Inject OutboundPools pools;
  @Inject UdeskCapacity udesk;

  private final Set<ExecutorService> bound = ConcurrentHashMap.newKeySet();

  /**
   * The threads the accounts' forward pools share beyond the first one each
   * (bridge.udesk.shared-forward-threads): taken now, and all.
   */
  @PostConstruct
  void registerSharedForwardThreads() {
    ThreadBudget shared = udesk.sharedThreads();
    Gauge.builder("bridge.udesk.forward.threads.shared", shared, ThreadBudget::taken)
        .description("threads of the accounts' Udesk forward pools beyond their first, alive now")
        .register(registry);
    Gauge.builder("bridge.udesk.forward.threads.shared.max", shared, ThreadBudget::limit)
        .description("bridge.udesk.shared-forward-threads")
        .register(registry);
  }

  public void refresh() {
    for (OutboundPools.Pool pool : pools.created()) {
      if (bound.add(pool.executor())) {
        new ExecutorServiceMetrics(pool.executor(), pool.name().pool(), PREFIX, tags(pool.name()))
            .bindTo(registry);
      }
    }
  }

  private static Tags tags(PoolName name) {
    return name.account().map(appId -> Tags.of("account", appId)).orElse(Tags.empty());
  }
}
