package io.wxbridge.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load generator: one Jetty HttpClient for the whole run (its pool reuses keep-alive
 * connections per server, TCP_NODELAY on), driven two ways. Closed loop: {@code n} callers, each
 * sending its next request when the previous answer is in (throughput). Open loop: requests are due
 * at a fixed rate whatever the answers do, and each latency is measured from the time the request
 * was due, not from when it was sent, so a stalled server cannot hide its stall by slowing the
 * sender (no coordinated omission; wrk2's method). Latencies go to HdrHistogram.
 */
final class LoadClient {
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);
  private static final int MAX_BUFFERED = 4 << 20;
  private static final int FAILURE_SAMPLES = 5;
  private static final long IDLE_MILLIS = 15_000;

  /** A request not answered at all by then is a failure (WeChat gives up after 5 s). */
  private static final long TIMEOUT_SECONDS = 30;

  private final HttpClient http;
  private final CpuMeter cpu;

  LoadClient(CpuMeter cpu) throws Exception {
    this.cpu = cpu;
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("load-client");
    ClientConnector connector = new ClientConnector();
    connector.setTCPNoDelay(true);
    http = new HttpClient(new HttpClientTransportOverHTTP(connector));
    http.setExecutor(threads);
    http.setFollowRedirects(false);
    http.setMaxConnectionsPerDestination(4096);
    http.setMaxRequestsQueuedPerDestination(65536);
    // A pooled connection is dropped before Grizzly's 30 s keep-alive timeout closes it from the
    // server's side:
    // otherwise a request sent on it just as the server closes it fails (EOF) for a reason that is
    // no one's fault.
    http.setIdleTimeout(IDLE_MILLIS);
    http.setConnectTimeout(5_000);
    http.start();
  }

  /**
   * {@code callers} closed-loop callers for {@code duration}; latency is each request's own round
   * trip.
   */
  Outcome closed(String label, int callers, Duration duration, IntFunction<Call> calls)
      throws InterruptedException {
    Tally tally = new Tally();
    AtomicInteger index = new AtomicInteger();
    CpuMeter.Sample before = cpu.sample();
    long begin = System.nanoTime();
    long deadline = begin + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      threads.add(
          start(
              "load-caller-" + c,
              tally.untilBroken(
                  () -> {
                    while (System.nanoTime() < deadline) {
                      Call call = calls.apply(index.getAndIncrement());
                      long start = System.nanoTime();
                      tally.add(call, send(call).join(), System.nanoTime() - start);
                    }
                  })));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return tally.outcome(
        label, "closed " + callers, System.nanoTime() - begin, cpu.between(before, cpu.sample()));
  }

  /** {@code total} requests from {@code callers} closed-loop callers (media transfers). */
  Outcome batch(String label, int callers, int total, IntFunction<Call> calls)
      throws InterruptedException {
    Tally tally = new Tally();
    AtomicInteger index = new AtomicInteger();
    CpuMeter.Sample before = cpu.sample();
    long begin = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      threads.add(
          start(
              "load-caller-" + c,
              tally.untilBroken(
                  () -> {
                    for (int i = index.getAndIncrement(); i < total; i = index.getAndIncrement()) {
                      Call call = calls.apply(i);
                      long start = System.nanoTime();
                      tally.add(call, send(call).join(), System.nanoTime() - start);
                    }
                  })));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return tally.outcome(
        label,
        "batch " + total + " by " + callers,
        System.nanoTime() - begin,
        cpu.between(before, cpu.sample()));
  }

  /**
   * {@code perSecond} requests a second for {@code duration}, each due at a fixed time; waits for
   * the last answer (at most {@code drain} longer). Latency counts from the due time.
   */
  Outcome open(
      String label, int perSecond, Duration duration, Duration drain, IntFunction<Call> calls)
      throws InterruptedException {
    Tally tally = new Tally();
    int total = (int) (perSecond * duration.toMillis() / 1000);
    long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
    CountDownLatch answered = new CountDownLatch(total);
    AtomicLong lastAnswer = new AtomicLong();
    CpuMeter.Sample before = cpu.sample();
    long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    for (int i = 0; i < total; i++) {
      long due = begin + i * period;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      Call call = calls.apply(i);
      send(call)
          .thenAccept(
              answer -> {
                long now = System.nanoTime();
                tally.add(call, answer, now - due);
                lastAnswer.accumulateAndGet(now, Math::max);
                answered.countDown();
              });
    }
    CpuMeter.Use use = cpu.between(before, cpu.sample());
    boolean all = answered.await(drain.toMillis(), TimeUnit.MILLISECONDS);
    if (!all) {
      tally.unanswered(answered.getCount());
    }
    return tally.outcome(
        label,
        "open " + perSecond + "/s",
        Math.max(duration.toNanos(), lastAnswer.get() - begin),
        use);
  }

  private static Thread start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.start();
    return thread;
  }

  CompletableFuture<Call.Answer> send(Call call) {
    CompletableFuture<Call.Answer> answer = new CompletableFuture<>();
    Request request =
        http.newRequest(call.uri())
            .method(call.method())
            .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .idleTimeout(
                TIMEOUT_SECONDS, TimeUnit.SECONDS); // waiting for an answer is not idleness
    if (call.body() != null) {
      request.body(new BytesRequestContent(call.contentType(), call.body()));
    }
    if (call.streamed()) {
      AtomicLong bytes = new AtomicLong();
      request.onResponseContent((response, content) -> bytes.addAndGet(content.remaining()));
      request.send(
          result ->
              answer.complete(
                  result.isFailed()
                      ? Call.Answer.failed(result.getFailure())
                      : new Call.Answer(result.getResponse().getStatus(), "", bytes.get(), null)));
    } else {
      request.send(
          new BufferingResponseListener(MAX_BUFFERED) {
            @Override
            public void onComplete(Result result) {
              if (result.isFailed()) {
                answer.complete(Call.Answer.failed(result.getFailure()));
                return;
              }
              byte[] body = getContent();
              answer.complete(
                  new Call.Answer(
                      result.getResponse().getStatus(),
                      new String(body, StandardCharsets.UTF_8),
                      body.length,
                      null));
            }
          });
    }
    return answer;
  }

  void stop() throws Exception {
    http.stop();
  }

  /** Latencies, failures and bytes of one run, recorded from many threads. */
  private static final class Tally {
    private final Histogram micros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

    void add(Call call, Call.Answer answer, long nanos) {
      requests.incrementAndGet();
      micros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
      bytes.addAndGet(answer.bytes() + (call.body() == null ? 0 : call.body().length));
      boolean expected;
      try {
        expected = call.expected().test(answer);
      } catch (RuntimeException broken) {
        expected = false;
      }
      if (answer.failure() != null) {
        unanswered.incrementAndGet();
      }
      if (!expected) {
        failures.incrementAndGet();
        if (samples.size() < FAILURE_SAMPLES) {
          samples.add(call.method() + " " + call.uri().getPath() + " -> " + answer.describe());
        }
      }
    }

    void unanswered(long count) {
      failures.addAndGet(count);
      unanswered.addAndGet(count);
      samples.add(count + " requests never answered");
    }

    /**
     * A caller's loop that stops at its first exception, which counts as a failure of the run: a
     * caller that died silently would leave fewer requests and no failure, a clean-looking run.
     */
    Runnable untilBroken(Runnable loop) {
      return () -> {
        try {
          loop.run();
        } catch (RuntimeException | Error broken) {
          failures.incrementAndGet();
          samples.add("a caller stopped: " + broken);
        }
      };
    }

    Outcome outcome(String label, String mode, long nanos, CpuMeter.Use cpu) {
      return new Outcome(
          label,
          mode,
          requests.get(),
          failures.get(),
          unanswered.get(),
          List.copyOf(samples),
          nanos / 1e9,
          micros,
          bytes.get(),
          cpu,
          Map.of());
    }
  }
}
