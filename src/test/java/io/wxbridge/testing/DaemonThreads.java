package io.wxbridge.testing;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** The server's ManagedThreadFactory in unit tests: daemon threads that never hold the JVM. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ManagedThreadFactory named(String name) {
    return new ManagedThreadFactory() {
      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
      }

      public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        throw new UnsupportedOperationException("no fork-join pool in the bridge");
      }
    };
  }
}
