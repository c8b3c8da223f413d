package io.wxbridge.metrics.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's counters and timers, each built and registered once per name and label values, then
 * kept here: an event costs a hash lookup, not a registry lookup.
 */
@ApplicationScoped
public class Meters {
  /**
   * Buckets of every latency histogram (Udesk forwards, relayed calls): WeChat's 5 s, the WeChat
   * API's read timeout and the inbox's late-reply wait.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(4),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  @Inject MeterRegistry registry;

  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  /**
   * @param tags label names and values, alternating
   */
  public Counter counter(String name, String... tags) {
    return counters.computeIfAbsent(
        new Key(name, tags), key -> Counter.builder(name).tags(tags).register(registry));
  }

  /** A timer published as a Prometheus histogram with these bucket bounds. */
  public Timer histogram(String name, Duration[] buckets, String... tags) {
    return timers.computeIfAbsent(
        new Key(name, tags),
        key -> Timer.builder(name).tags(tags).serviceLevelObjectives(buckets).register(registry));
  }

  /** A name and its label values; arrays compared by content. */
  private record Key(String name, String[] tags) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key that && name.equals(that.name) && Arrays.equals(tags, that.tags);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(tags);
    }

    @Override
    public String toString() {
      return name + Arrays.toString(tags);
    }
  }
}
