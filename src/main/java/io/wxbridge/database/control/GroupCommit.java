package io.wxbridge.database.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the bridge's short units of database work on one connection and one thread, every unit that
 * is waiting when a commit starts in that same commit (group commit). A commit is the expensive
 * part (H2 with WRITE_DELAY=0 writes a chunk per transaction end, including the rollback its pool
 * does on every borrow; PostgreSQL flushes its WAL): under load, many pushes share one, and a unit
 * still returns only after its commit, so nothing a caller was told is recorded can be lost. The
 * exception is work that may wait for its commit ({@link #runBeforeCommit}): it returns at once,
 * rides on the next commit, and is run again if that commit fails ({@link WorkToRunAgain}).
 *
 * <p>Each unit runs behind a savepoint (but the transaction's first): one that fails (a unique-key
 * race with another instance) is undone alone and its caller gets the exception; units arriving
 * while a batch runs join it; a failed commit fails every waiting unit of the batch. A caller waits
 * no longer than {@code bridge.inbox.database-timeout} once the writer is stuck on the database,
 * and a request's caller at most as long for its unit to begin while the writer moves (then its
 * unit is skipped, and the caller gets a {@link WriterBusyException}, which does not turn the inbox
 * off: a writer merely busy under load is no database failure). The writer's statements are bounded
 * by the connection's network and lock timeouts ({@link BoundedDataSource}).
 */
@ApplicationScoped
public class GroupCommit {
  /** PostgreSQL keeps at most 64 subtransactions (savepoints that wrote) per backend cheaply. */
  static final int MAX_BATCH = 48;

  /**
   * Every unit's savepoint has this one name: H2 names an unnamed one by a counter, new SQL to
   * parse each time (12 % of the writer's CPU in a profile); a constant name is parsed once.
   */
  static final String SAVEPOINT = "unit";

  /**
   * The longest work run before its commit waits for a unit to share a commit with: a commit was a
   * third of the writer's CPU in a profile, and at a few hundred pushes a second most batches held
   * one unit. A plaintext push's record follows its replay record within a millisecond or two.
   */
  static final long LATEST_COMMIT_MILLIS = 10;

  /**
   * The most units queued for the writer at which work no one waits for ({@link
   * #queueBeforeCommit}) is still taken: a request's unit is given up within the database timeout,
   * so those queue about a timeout's worth of requests at most, but work no one waits for would
   * queue without bound behind a database too slow for the load.
   */
  static final int MOST_QUEUED = 10_000;

  /** {@value #MOST_QUEUED}; fewer in a test. */
  int mostQueued = MOST_QUEUED;

  /** {@value #LATEST_COMMIT_MILLIS}; longer in tests that must not depend on the machine's load. */
  long latestCommitMillis = LATEST_COMMIT_MILLIS;

  /** One unit of work; it must not commit, roll back or close the connection. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  @Resource ManagedThreadFactory threads;

  /**
   * The longest a caller waits while the writer makes no progress (or, for a request, for its unit
   * to begin while the writer moves): a database that hangs, or answers too slowly for the load,
   * must not hold a push past WeChat's deadline. A unit its caller gave up on before it ran is
   * never run. (The initial value serves unit tests without CDI; the default is in
   * microprofile-config.)
   */
  @Inject
  @ConfigProperty(name = "bridge.inbox.database-timeout")
  int waitMillis = 2_000;

  /** The longest the writer waits for work (to see a stop). */
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final BlockingQueue<QueuedUnit<?>> queue = new LinkedBlockingQueue<>();
  private final WriterTransaction transaction = new WriterTransaction();
  private volatile Thread writer;
  private volatile boolean stopped;

  /** How many units wait for the writer (not the one it is running). */
  int queued() {
    return queue.size();
  }

  /** Runs {@code work} in the next commit on {@code db} and returns its result once committed. */
  public <T> T run(DataSource db, Work<T> work) throws SQLException {
    return submit(new QueuedUnit<>(db, work, false, 0));
  }

  /**
   * {@link #run} for work a request waits for (a push's record, a video-recall request's): given up
   * with a {@link WriterBusyException} when the writer, moving too slowly for the load, has not
   * begun it within the database timeout, so that the request is answered in time without it.
   * Background work waits as long as the writer moves: given up, a late reply's record was lost
   * after its send, and the reply went out twice.
   */
  public <T> T runForRequest(DataSource db, Work<T> work) throws SQLException {
    return submit(new QueuedUnit<>(db, work, false, 0, true));
  }

  /** {@link #runBeforeCommit} for work a request waits for, given up as {@link #runForRequest}. */
  public <T> T runBeforeCommitForRequest(DataSource db, Work<T> work) throws SQLException {
    return submit(new QueuedUnit<>(db, work, true, WorkToRunAgain.WINDOW_MILLIS, true));
  }

  /**
   * Runs {@code work} and returns its result as soon as it ran, before the commit: for work whose
   * loss in a crash costs a protection or a second delivery, not an acknowledged push (the
   * plaintext replay record, an inbox outcome; docs/inbox.md). It is committed with the next unit
   * that needs a commit, or after {@value #LATEST_COMMIT_MILLIS} ms; later units see it at once. It
   * must be safe to run twice: after a failed commit it is run again ({@link WorkToRunAgain}).
   */
  public <T> T runBeforeCommit(DataSource db, Work<T> work) throws SQLException {
    return runBeforeCommit(db, WorkToRunAgain.WINDOW_MILLIS, work);
  }

  /** {@link #runBeforeCommit}, run again after a failed commit for at most {@code runAgainFor}. */
  public <T> T runBeforeCommit(DataSource db, long runAgainForMillis, Work<T> work)
      throws SQLException {
    return submit(new QueuedUnit<>(db, work, true, runAgainForMillis));
  }

  /**
   * Queues {@code work} like {@link #runBeforeCommit} without waiting for it (the encrypted push's
   * replay record); the caller's next unit runs after it. The stage completes once it ran, or fails
   * (an {@link SQLException}, also when the bridge stops first), on the writer's thread: what
   * follows it must not block. While {@value #MOST_QUEUED} units wait for the writer, it fails at
   * once with a {@link WriterBusyException} instead.
   */
  public <T> CompletionStage<T> queueBeforeCommit(DataSource db, Work<T> work) {
    QueuedUnit<T> unit = new QueuedUnit<>(db, work, true, WorkToRunAgain.WINDOW_MILLIS);
    if (queue.size() >= mostQueued) {
      unit.result.completeExceptionally(WriterBusyException.queueFull(mostQueued));
      return unit.result.minimalCompletionStage();
    }
    return enqueue(unit).result.minimalCompletionStage();
  }

  /** Whether the bridge is stopping: work still queued then fails without a database fault. */
  public boolean stopping() {
    return stopped;
  }

  private <T> QueuedUnit<T> enqueue(QueuedUnit<T> unit) {
    if (stopped) {
      unit.result.completeExceptionally(
          new SQLException("the bridge is stopping; database work not accepted"));
    } else {
      startWriter();
      queue.add(unit);
    }
    return unit;
  }

  private <T> T submit(QueuedUnit<T> unit) throws SQLException {
    return enqueue(unit).await(waitMillis, transaction::progress);
  }

  private synchronized void startWriter() {
    if (writer == null) {
      // below the network timeout (the same key), so that a wait ends as a lock wait, not a
      // connection that stopped answering
      transaction.limitLockWaits(waitMillis / 2);
      ThreadFactory factory = threads != null ? threads : Thread::new;
      writer = factory.newThread(this::writeUntilStopped);
      writer.setName("bridge-group-commit");
      writer.setDaemon(true);
      writer.start();
    }
  }

  private void writeUntilStopped() {
    List<QueuedUnit<?>> batch = new ArrayList<>();
    List<QueuedUnit<?>> carried = new ArrayList<>(); // not begun by a batch that ran long
    while (!stopped) {
      try {
        if (carried.isEmpty()) {
          QueuedUnit<?> first = queue.poll(transaction.nanosToWait(SECOND), TimeUnit.NANOSECONDS);
          if (first == null) {
            transaction.idle(); // nothing came to share a commit with
            continue;
          }
          batch.add(first);
        } else {
          batch.addAll(carried); // first: they queued before what waits now
          carried.clear();
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
        commit(batch, carried);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException unexpected) {
        WriterConnection.logReplaced(unexpected);
        transaction.close();
        batch.forEach(unit -> unit.result.completeExceptionally(unexpected));
      } finally {
        batch.clear();
      }
    }
    transaction.finish(); // what ran before its commit is kept
    SQLException stopping = new SQLException("the bridge is stopping; database work not done");
    carried.forEach(unit -> unit.result.completeExceptionally(stopping));
    queue.forEach(unit -> unit.result.completeExceptionally(stopping));
  }

  /**
   * One transaction for the batch (after what a failed commit lost, in its own); every unit of it
   * is answered, whatever fails. Committed at once unless every unit in it may wait for its commit.
   * A batch that has run for half the timeout is committed there, and the units it did not begin
   * are {@code carried} to the next: a request whose unit began waits for its commit, and behind a
   * slow database a batch the writer took from a backlog was 48 units long.
   */
  private void commit(List<QueuedUnit<?>> batch, List<QueuedUnit<?>> carried) {
    long halfTimeout = TimeUnit.MILLISECONDS.toNanos(waitMillis) / 2;
    long started = System.nanoTime();
    transaction.runKept();
    try {
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0 && System.nanoTime() - started >= halfTimeout) {
          List<QueuedUnit<?>> rest = batch.subList(i, batch.size());
          carried.addAll(rest);
          rest.clear();
          break;
        }
        QueuedUnit<?> unit = batch.get(i);
        // a unit its caller gave up on is skipped: it went on without the database, and running it
        // now could act twice
        if (unit.begin()) {
          transaction.run(unit);
        }
        // what came meanwhile shares the commit, unless the batch's oldest has waited half the
        // timeout
        if (i == batch.size() - 1
            && batch.size() < MAX_BATCH
            && System.nanoTime() - batch.get(0).queuedAt < halfTimeout) {
          queue.drainTo(batch, MAX_BATCH - batch.size());
        }
      }
      transaction.commitWhenWaitedFor(latestCommitMillis);
    } catch (SQLException failure) {
      transaction.close();
      batch.forEach(unit -> unit.result.completeExceptionally(failure)); // no-op for answered ones
    }
  }

  /** Commits made so far (the group commit's effect: pushes per commit, under load). */
  public long batches() {
    return transaction.commits();
  }

  @PreDestroy
  public void stop() {
    stopped = true;
    Thread running = writer;
    if (running != null) {
      try {
        running.join(5_000); // the batch in progress commits first
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
