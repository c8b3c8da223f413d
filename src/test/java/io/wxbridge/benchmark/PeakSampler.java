package io.wxbridge.benchmark;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples a figure of the Payara JVM (VmRSS, Threads) every {@code millis} while open, keeping the
 * peak.
 */
final class PeakSampler implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
  private final Thread sampler;
  private volatile boolean running = true;

  PeakSampler(String name, LongSupplier figure, long millis) {
    peak.set(figure.getAsLong());
    sampler =
        new Thread(
            () -> {
              while (running) {
                peak.accumulateAndGet(figure.getAsLong(), Math::max);
                try {
                  Thread.sleep(millis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "sampler-" + name);
    sampler.setDaemon(true);
    sampler.start();
  }

  long peak() {
    return peak.get();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
