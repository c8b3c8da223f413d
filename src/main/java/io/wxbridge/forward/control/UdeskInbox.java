package io.wxbridge.forward.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.forward.entity.ForwardAttempt;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.forward.entity.UndeliveredPush;
import io.wxbridge.outbound.control.OutboundClients;
import io.wxbridge.outbound.control.OutboundClients.OutboundTimeouts;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands WeChat pushes to each account's Udesk message URL within a hard deadline, {@code
 * bridge.udesk.reply-timeout}: WeChat gives up after 5 s and then shows the follower
 * "该公众号暂时无法提供服务", so the bridge must have its answer before that whatever Udesk does.
 *
 * <p>The outcome is a {@link UdeskDelivery} value, never an exception, and every push that did not
 * get there fires an {@link UndeliveredPush} event: store-and-forward can be added as an observer
 * without changing this class. No retry here: WeChat's own retries are the retries, and a retry
 * after a timeout could show the follower's message twice in Udesk; neither does the HTTP engine
 * send a push again by itself ({@link OutboundClients}).
 *
 * <p>One REST client per account ({@link OutboundClients}), with the account's URL as base URI. The
 * calls are asynchronous so no request thread waits on Udesk; the connect timeout equals the
 * deadline and the read timeout is bridge.udesk.late-reply-timeout (the inbox waits that long for a
 * late answer), so a connection left open by a slow Udesk is closed soon after.
 *
 * <p>Isolation: each account forwards on its own bounded pool ({@code
 * bridge.udesk.max-concurrent-forwards} threads, {@code bridge.udesk.forward-queue} waiting), so a
 * hanging Udesk URL costs a bounded number of threads and never delays another account; a push that
 * finds its account's pool full is not delivered (WeChat is answered at once). Beyond its first
 * thread, a pool takes its threads from a number all accounts share ({@code
 * bridge.udesk.shared-forward-threads}): the accounts of one company usually forward to one Udesk,
 * and when it hangs they would otherwise hold the per-account bound each. What follows the call
 * (judging Udesk's answer or the failure, sealing the reply, writing it to WeChat) runs on the
 * thread that made it; what follows a passed deadline runs on a shared pool of {@code
 * bridge.push.completion-threads}, not on the timer's one thread.
 */
@ApplicationScoped
public class UdeskInbox {
  private static final Logger LOG = Logger.getLogger(UdeskInbox.class.getName());

  @Inject
  @ConfigProperty(name = "bridge.udesk.reply-timeout")
  long replyTimeoutMillis;

  /**
   * The read timeout of Udesk's client: the inbox waits this long for a late answer
   * (docs/inbox.md).
   */
  @Inject
  @ConfigProperty(name = "bridge.udesk.late-reply-timeout")
  long lateReplyTimeoutMillis;

  @Inject
  @ConfigProperty(name = "bridge.push.completion-threads")
  int completionThreads;

  @Inject Event<UndeliveredPush> undelivered;
  @Inject Event<ForwardAttempt> attempts;
  @Inject OutboundClients clients;
  @Inject OutboundPools pools;
  @Inject UdeskCapacity capacity;

  private final ConcurrentMap<AppId, ExecutorService> forwarding = new ConcurrentHashMap<>();
  private ExecutorService completions;
  private ScheduledExecutorService deadlines;

  @PostConstruct
  void startCompletions() {
    // completions are short (no I/O but writing the answer): their queue needs no bound of its own,
    // it is bounded by the forwards in flight
    completions =
        pools.bounded(
            PoolName.of("push-completion"), Math.max(1, completionThreads), Integer.MAX_VALUE);
    deadlines = pools.timer(PoolName.of("push-deadline"));
  }

  /** Completes by the deadline with what became of the push; never completes exceptionally. */
  public CompletionStage<UdeskDelivery> forward(Account account, UdeskPush push) {
    return forward(account, push, replyTimeoutMillis);
  }

  /**
   * The same with what is left of bridge.udesk.reply-timeout (e.g. after the inbox's database did
   * not answer in time), at least {@value #LEAST_MILLIS} ms.
   */
  public CompletionStage<UdeskDelivery> forward(Account account, UdeskPush push, long leftMillis) {
    long timeout = Math.max(LEAST_MILLIS, Math.min(leftMillis, replyTimeoutMillis));
    // without the inbox nothing is sent again: a push may start as long as its deadline runs
    return attempt(account, push, timeout, timeout)
        .thenApply(delivery -> reportIfUndelivered(push, delivery));
  }

  /** Udesk answers a healthy forward in milliseconds; less than this would only refuse it. */
  static final long LEAST_MILLIS = 500;

  /**
   * One attempt with its own deadline (at most bridge.udesk.late-reply-timeout) and no {@link
   * UndeliveredPush} event: for the durable inbox, which keeps what Udesk did not take and delivers
   * it again. So it is not sent once it waited in the queue until less than reply-timeout (or half
   * its deadline) was left: sent with moments to spare, it counted as not taken and was delivered
   * again while Udesk might still take the first copy, after the follower's next message.
   */
  public CompletionStage<UdeskDelivery> attempt(
      Account account, UdeskPush push, long timeoutMillis) {
    return attempt(
        account,
        push,
        timeoutMillis,
        timeoutMillis - Math.min(replyTimeoutMillis, timeoutMillis / 2));
  }

  private CompletionStage<UdeskDelivery> attempt(
      Account account, UdeskPush push, long timeoutMillis, long startWithinMillis) {
    long started = System.nanoTime();
    // What Udesk's answer (or a failed call) sets off runs on the thread that got it: a hop to
    // another pool was one of a push's thread hand-offs. A passed deadline, which the JDK's one
    // timeout thread fires, hands its work to the completion pool instead.
    long latestStart = started + TimeUnit.MILLISECONDS.toNanos(startWithinMillis);
    return sent(account, push, latestStart)
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handle(
            (body, failure) ->
                AttemptOutcomes.unwrap(failure) instanceof TimeoutException
                    ? onCompletions(() -> settled(account, body, failure, started))
                    : CompletableFuture.completedFuture(settled(account, body, failure, started)))
        .thenCompose(Function.identity());
  }

  /** The call on the account's pool; not sent once it has waited there past its latest start. */
  private CompletableFuture<byte[]> sent(Account account, UdeskPush push, long latestStartNanos) {
    AppId appId = account.appId();
    capacity.started(appId);
    try {
      UdeskMessageClient client = client(account);
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              if (System.nanoTime() - latestStartNanos > 0) {
                throw new RejectedExecutionException(
                    "waited in the queue past its latest start; not sent");
              }
              return client.receive(push.message());
            } finally {
              capacity.ended(appId);
            }
          },
          pool(account));
    } catch (RejectedExecutionException full) {
      capacity.ended(appId);
      return CompletableFuture.failedFuture(new PoolFull(full));
    } catch (ProcessingException | IllegalStateException notSent) {
      capacity.ended(appId);
      return CompletableFuture.failedFuture(notSent);
    }
  }

  /** On the completion pool; on the calling thread once the pool is stopping. */
  private CompletableFuture<UdeskDelivery> onCompletions(Supplier<UdeskDelivery> work) {
    try {
      return CompletableFuture.supplyAsync(work, completions);
    } catch (RejectedExecutionException stopping) {
      return CompletableFuture.completedFuture(work.get());
    }
  }

  private UdeskDelivery settled(Account account, byte[] body, Throwable failure, long started) {
    UdeskDelivery delivery =
        AttemptOutcomes.of(
            body, failure, Duration.ofNanos(System.nanoTime() - started), capacity.threads());
    if (!(AttemptOutcomes.unwrap(failure) instanceof PoolFull)) {
      // a forward the full pool refused says nothing of Udesk's health (one that expired in the
      // queue does: the forwards ahead of it were slow)
      capacity.answered(account.appId(), delivery);
    }
    try {
      attempts.fire(new ForwardAttempt(account.appId(), delivery));
    } catch (RuntimeException observerFailed) {
      // the outcome must still reach WeChat and the inbox
      LOG.log(Level.SEVERE, "an observer of a forward attempt failed", observerFailed);
    }
    return delivery;
  }

  /**
   * The pool of bridge.push.completion-threads that completes a push once a deadline has passed
   * before Udesk answered: for work a timer sets off, which must not run on the timer's thread.
   */
  public Executor completions() {
    return completions;
  }

  /**
   * Runs {@code task} on the completion pool after {@code delayMillis}, unless the returned future
   * is cancelled first: for WeChat's deadline, which Udesk usually meets. The JDK's {@code
   * CompletableFuture.delayedExecutor} cannot be cancelled: every push left a task in its queue for
   * the whole reply timeout, and that task was then handed to the completion pool only to find the
   * push answered.
   */
  public ScheduledFuture<?> onCompletionsAfter(long delayMillis, Runnable task) {
    return deadlines.schedule(() -> completions.execute(task), delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Builds the account's client now rather than on its first push, inside WeChat's 5 s. */
  public void prepare(Account account) {
    client(account);
  }

  private UdeskDelivery reportIfUndelivered(UdeskPush push, UdeskDelivery delivery) {
    if (!delivery.delivered()) {
      try {
        undelivered.fire(new UndeliveredPush(push, delivery, Instant.now()));
      } catch (RuntimeException observerFailed) {
        // WeChat must still get its answer in time; the failure is the observer's to fix
        LOG.log(
            Level.SEVERE,
            push.appId() + ": an observer of an undelivered push failed",
            observerFailed);
      }
    }
    return delivery;
  }

  /**
   * The account's own bounded pool: a hanging Udesk URL holds its threads, no other account's, and
   * all pools together at most one each plus the threads they share
   * (bridge.udesk.shared-forward-threads).
   */
  private ExecutorService pool(Account account) {
    return forwarding.computeIfAbsent(
        account.appId(),
        id ->
            pools.bounded(
                PoolName.forAccount("udesk-forward", id.value()),
                capacity.threads(),
                capacity.queue(),
                capacity.sharedThreads()));
  }

  private UdeskMessageClient client(Account account) {
    return clients.of(
        UdeskMessageClient.class,
        account.udeskUrl(),
        OutboundTimeouts.ofMillis(
            replyTimeoutMillis, Math.max(replyTimeoutMillis, lateReplyTimeoutMillis)),
        UdeskStatusFilter.class,
        BoundedAnswerReader.class);
  }

  /** The account's pool refused the forward at once: its threads all busy and its queue full. */
  private static final class PoolFull extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    PoolFull(RejectedExecutionException refused) {
      super(refused.getMessage(), refused);
    }
  }
}
