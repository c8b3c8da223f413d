package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.inbox.entity.InboxEntry;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.ReplySend;
import io.wxbridge.inbox.entity.UnsentReply;
import io.wxbridge.outbound.control.OutboundPools;
import io.wxbridge.outbound.entity.PoolName;
import io.wxbridge.push.WeChatAccount;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * A late reply the senders cannot take (every thread busy and the queue full: a WeChat API slow for
 * long enough) is not sent on the caller's thread, which records every account's outcomes or runs a
 * redelivery pass: WeChat's timeouts there let leases run out and pushes reach Udesk again.
 */
class LateRepliesTest {
  private static final Account ACCOUNT = WeChatAccount.PLAIN.asConfigured();
  private static final InboxEntry ENTRY =
      new InboxEntry(
          7,
          ACCOUNT.appId(),
          new PushIdentity("oFollower", "42"),
          "text MsgId=42 (plaintext)",
          new byte[0],
          System.currentTimeMillis(),
          0);
  private static final byte[] REPLY = "<xml/>".getBytes(StandardCharsets.UTF_8);

  private final List<Thread> sentOn = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger wakeUps = new AtomicInteger();
  private final LateReplies late = new LateReplies();

  LateRepliesTest() {
    late.replies =
        new CustomerServiceReplies() {
          @Override
          public ReplySend send(
              Account account, byte[] answer, String follower, String description) {
            sentOn.add(Thread.currentThread());
            return ReplySend.SENT;
          }
        };
    late.outcomes =
        new InboxOutcomes() {
          @Override
          public boolean replyStarts(DataSource db, long id, long now) {
            return true;
          }

          @Override
          public void replySent(DataSource db, long id, ReplySend outcome, long now) {}
        };
    late.work = new InboxWork();
    late.clock = new DatabaseClock();
    late.redelivery =
        new Redelivery() {
          @Override
          public void wakeUp() {
            wakeUps.incrementAndGet();
          }
        };
    late.settings = new InboxSettings();
    late.settings.maxAge = "PT48H";
    late.pools =
        new OutboundPools() {
          @Override
          public ExecutorService bounded(PoolName name, int maxThreads, int queue) {
            return new FullPool(refused);
          }
        };
    late.senderThreads = 8;
    late.start();
  }

  @Test
  void aReplyTheSendersCannotTakeIsNotSentOnTheCallersThread() {
    late.send(ACCOUNT, ENTRY, REPLY, Optional.empty(), true);

    assertEquals(List.of(), sentOn, "not sent on the caller's thread");
    assertEquals(0, late.work.awaitIdle(Duration.ZERO), "a stop does not wait for it");
  }

  /** It stays with the inbox: the next redelivery pass that claims it tries it again. */
  @Test
  void aRecordedReplyTheSendersCannotTakeIsLeftForTheNextPass() {
    JdbcConnectionPool db = JdbcConnectionPool.create("jdbc:h2:mem:late-replies", "sa", "");
    try {
      UnsentReply unsent = new UnsentReply(ENTRY, REPLY, System.currentTimeMillis());
      late.send(ACCOUNT, ENTRY, REPLY, Optional.of(db), false);
      late.sendAgain(ACCOUNT, unsent, db);

      assertEquals(2, refused.get(), "the pass's try was not taken for one still queued here");
      assertEquals(List.of(), sentOn);
      assertEquals(0, late.work.awaitIdle(Duration.ZERO));
    } finally {
      db.dispose();
    }
  }

  /** The follower's next push is woken as after a send: nothing holds it now. */
  @Test
  void aFollowersNextPushIsWokenWhenTheReplyCannotBeTakenNow() {
    late.send(ACCOUNT, ENTRY, REPLY, Optional.empty(), true);

    assertEquals(1, wakeUps.get());
  }

  /** A pool whose threads are all busy and whose queue is full. */
  private static final class FullPool extends AbstractExecutorService {
    private final AtomicInteger refused;

    FullPool(AtomicInteger refused) {
      this.refused = refused;
    }

    @Override
    public void execute(Runnable task) {
      refused.incrementAndGet();
      throw new RejectedExecutionException("all 8 threads busy and the queue full");
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
