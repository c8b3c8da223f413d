package io.wxbridge.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lean fake upstream for the benchmark: the JDK's HTTP server on loopback with a fixed pool of
 * named threads (so their CPU time can be told apart), answers that may be held back without
 * holding a thread (a hanging upstream costs the fake nothing), and no recording of requests (the
 * suite's fakes keep every request in a copy-on-write list, which would make them the bottleneck).
 */
abstract class BenchServer implements AutoCloseable {
  /**
   * The JDK server sets TCP_NODELAY only with this property, read once when its first server
   * starts.
   */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  /** Every fake's threads start with this, for {@link CpuMeter}. */
  static final String THREAD_PREFIX = "bench-fake-";

  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledExecutorService holds;
  private final LongAdder requests = new LongAdder();
  private final LongAdder malformed = new LongAdder();

  BenchServer(String name) {
    if (!Boolean.getBoolean(NODELAY)) {
      throw new IllegalStateException(
          "-D"
              + NODELAY
              + "=true is missing: without it every answer of the fake"
              + " waits for Nagle's algorithm and the client's delayed ACK (~40 ms)");
    }
    AtomicInteger count = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            64, r -> daemon(r, THREAD_PREFIX + name + "-" + count.incrementAndGet()));
    holds =
        Executors.newScheduledThreadPool(
            2, r -> daemon(r, THREAD_PREFIX + name + "-hold-" + count.incrementAndGet()));
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(workers);
    server.createContext(
        "/",
        exchange -> {
          requests.increment();
          try {
            handle(exchange);
          } catch (RuntimeException | IOException e) {
            malformed.increment();
            exchange.close();
          }
        });
    server.start();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Answers one request, and closes the exchange unless it is {@link #hold held}. */
  protected abstract void handle(HttpExchange exchange) throws IOException;

  /**
   * Answers after {@code millis} from a timer, without keeping a worker thread: a hanging upstream.
   */
  protected void hold(
      HttpExchange exchange, long millis, int status, String contentType, String body) {
    holds.schedule(
        () -> {
          try {
            answer(exchange, status, contentType, body);
          } catch (IOException | RuntimeException gone) {
            exchange.close(); // the caller gave up: nothing to answer
          }
        },
        millis,
        TimeUnit.MILLISECONDS);
  }

  static void answer(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Counts a request that was not what the real upstream would accept (the benchmark requires
   * none).
   */
  protected void malformed() {
    malformed.increment();
  }

  long requests() {
    return requests.sum();
  }

  long malformedRequests() {
    return malformed.sum();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
    holds.shutdownNow();
    workers.shutdownNow();
  }
}
