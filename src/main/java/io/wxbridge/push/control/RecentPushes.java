package io.wxbridge.push.control;

import io.wxbridge.push.entity.PushKey;
import io.wxbridge.push.entity.PushReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Remembers the pushes of the last {@code bridge.push.dedup-window} ms, so that WeChat's retries of
 * a push (it re-sends when it has no answer within 5 s, up to 3 attempts) reach Udesk only once: a
 * retry that arrives while the first attempt is still waiting for Udesk waits for the same outcome,
 * and a later one gets that outcome at once. The answer is kept in plaintext, so in the encrypted
 * modes each attempt gets it encrypted for its own nonce.
 *
 * <p>In memory, per node: behind a load balancer WeChat's retries may reach another node, which
 * will forward them again. At most {@value #MAX_REMEMBERED} pushes are kept, and at most {@value
 * #MAX_REMEMBERED_BYTES} bytes of them (counted as their answer's bytes plus {@value #ENTRY_BYTES}
 * each): Udesk's passive replies are read up to 256 KiB, so a Udesk that answered that much at 100
 * pushes a second would otherwise have the window hold 1.5 GB. The oldest go first; a retry of one
 * that went is recognised by the durable inbox, when it is on.
 */
@ApplicationScoped
public class RecentPushes {
  static final int MAX_REMEMBERED = 100_000;

  static final long MAX_REMEMBERED_BYTES = 64L << 20;

  /**
   * What remembering a push costs beside its answer (measured: docs/push.md, "WeChat's retries are
   * recognised").
   */
  static final int ENTRY_BYTES = 400;

  @Inject
  @ConfigProperty(name = "bridge.push.dedup-window")
  long windowMillis;

  Clock clock = Clock.systemUTC();

  private final ConcurrentMap<PushKey, Remembered> answers = new ConcurrentHashMap<>();
  private final Queue<Remembered> oldestFirst = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();

  /** The weight of every push in {@code oldestFirst}. */
  private final AtomicLong bytes = new AtomicLong();

  long maxBytes = MAX_REMEMBERED_BYTES;

  /**
   * The answer to the push with this key: the one already given or being worked out if the push was
   * seen within the window (marked {@link PushReply#retried()}), else the one {@code deliver}
   * produces (and is remembered). The push's one log line says which (PushOutcomes).
   */
  public CompletionStage<PushReply> answerOnce(
      PushKey key, Supplier<CompletionStage<PushReply>> deliver) {
    Instant now = clock.instant();
    forgetExpired(now);
    CompletableFuture<PushReply> answer = new CompletableFuture<>();
    Remembered fresh =
        new Remembered(key, answer, now.plusMillis(windowMillis), new AtomicLong(ENTRY_BYTES));
    Remembered first =
        answers.merge(
            key, fresh, (old, candidate) -> old.expiresAt().isAfter(now) ? old : candidate);
    if (first != fresh) {
      return first.answer().thenApply(PushReply::retried);
    }
    bytes.addAndGet(ENTRY_BYTES);
    oldestFirst.add(fresh);
    try {
      deliver
          .get()
          .whenComplete(
              (reply, failure) -> {
                if (failure != null) {
                  answers.remove(key, fresh);
                  answer.completeExceptionally(failure);
                } else {
                  weigh(fresh, reply);
                  answer.complete(reply);
                }
              });
    } catch (RuntimeException failure) {
      answers.remove(key, fresh);
      throw failure;
    }
    return answer.minimalCompletionStage();
  }

  int size() {
    return answers.size();
  }

  long bytes() {
    return bytes.get();
  }

  /** Counts the answer's bytes, unless the push was forgotten already (its weight is then -1). */
  private void weigh(Remembered remembered, PushReply reply) {
    int length = reply == null || reply.xml() == null ? 0 : reply.xml().length;
    if (remembered.weight().getAndUpdate(w -> w < 0 ? w : w + length) >= 0) {
      bytes.addAndGet(length);
    }
  }

  /**
   * One caller sweeps at a time (the others skip it), so the head it looks at is the head it takes.
   */
  private void forgetExpired(Instant now) {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      Remembered oldest;
      while ((oldest = oldestFirst.peek()) != null
          && (!oldest.expiresAt().isAfter(now)
              || answers.size() > MAX_REMEMBERED
              || bytes.get() > maxBytes)) {
        oldestFirst.poll();
        answers.remove(oldest.key(), oldest);
        bytes.addAndGet(-oldest.weight().getAndSet(-1));
      }
    } finally {
      sweeping.set(false);
    }
  }

  /** {@code weight}: its bytes while remembered, -1 once forgotten. */
  private record Remembered(
      PushKey key, CompletableFuture<PushReply> answer, Instant expiresAt, AtomicLong weight) {}
}
