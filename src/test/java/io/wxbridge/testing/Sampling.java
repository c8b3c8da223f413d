package io.wxbridge.testing;

/** Runs a sample on a daemon thread of its own every {@code millis} until closed. */
public final class Sampling implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  public Sampling(String name, long millis, Runnable sample) {
    thread =
        new Thread(
            () -> {
              while (running) {
                sample.run();
                try {
                  Thread.sleep(millis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "sampler-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Stops it after the sample under way (what comes after the load is not the load's), or
   * interrupts that sample after a second.
   */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(1_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
