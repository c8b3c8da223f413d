package io.wxbridge.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A DataSource whose connections count what they are asked to run: each statement prepared (the
 * inbox prepares every statement it executes), by its SQL, and each savepoint, commit and rollback.
 * A proxy's call costs well under a microsecond, so it may stay in place while CPU time is
 * measured.
 */
public final class CountingDataSource {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder commitCpuNanos = new LongAdder();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Queue<String> statements = new ConcurrentLinkedQueue<>();
  private final boolean keepsOrder;

  /** Counts only (a cost measurement: no list that grows with every statement). */
  public CountingDataSource() {
    this(false);
  }

  /**
   * @param keepsOrder also keeps each statement's SQL in the order it was prepared ({@link
   *     #statements})
   */
  public CountingDataSource(boolean keepsOrder) {
    this.keepsOrder = keepsOrder;
  }

  /** {@code db} with counting connections. */
  public DataSource wrap(DataSource db) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(db, method, args);
              return result instanceof Connection connection ? counting(connection) : result;
            });
  }

  private Connection counting(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "prepareStatement" -> {
                  count((String) args[0]);
                  if (keepsOrder) {
                    statements.add(((String) args[0]).replaceAll("\\s+", " "));
                  }
                }
                case "setSavepoint", "commit", "releaseSavepoint" -> count(method.getName());
                case "rollback" -> count(args == null ? "rollback" : "rollbackToSavepoint");
                default -> {}
              }
              if (!method.getName().equals("commit")) {
                return invoke(connection, method, args);
              }
              long before = threads.getCurrentThreadCpuTime();
              try {
                return invoke(connection, method, args);
              } finally {
                commitCpuNanos.add(threads.getCurrentThreadCpuTime() - before);
              }
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException failed) {
      throw failed.getCause();
    }
  }

  private void count(String what) {
    counts.computeIfAbsent(what, any -> new LongAdder()).increment();
  }

  /** The counts so far, by kind, sorted. */
  public Map<String, Long> counts() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach(
        (what, count) -> sorted.merge(what.replaceAll("\\s+", " "), count.sum(), Long::sum));
    return sorted;
  }

  /** The statements prepared, in order (kept only when asked for at construction). */
  public List<String> statements() {
    return List.copyOf(statements);
  }

  /** The CPU time the threads that committed spent in their commits. */
  public long commitCpuNanos() {
    return commitCpuNanos.sum();
  }

  /** Starts counting afresh. */
  public void reset() {
    counts.clear();
    statements.clear();
    commitCpuNanos.reset();
  }

  /** Every statement, savepoint, commit and rollback counted. */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
