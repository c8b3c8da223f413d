package io.wxbridge.benchmark;

import io.wxbridge.testing.Sampling;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples a figure of the Payara JVM (VmRSS, Threads) every {@code millis} while open, keeping the
 * peak.
 */
final class PeakSampler implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
  private final Sampling sampling;

  PeakSampler(String name, LongSupplier figure, long millis) {
    peak.set(figure.getAsLong());
    sampling =
        new Sampling(name, millis, () -> peak.accumulateAndGet(figure.getAsLong(), Math::max));
  }

  long peak() {
    return peak.get();
  }

  @Override
  public void close() {
    sampling.close();
  }
}
