package io.wxbridge.database.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The bridge's own database (the durable inbox, classic tokens and signed video-recall requests
 * shared between instances): the server DataSource named by {@code bridge.datasource} (PostgreSQL
 * 13+, shared by every instance), or else an embedded H2 file under {@code bridge.data-dir}. The
 * schema is migrated by Flyway (bundled in the WAR, so every server gets the same migrations; on
 * PostgreSQL its advisory lock lets several instances start at once).
 *
 * <p>Never throws at start: while the database is unreachable the inbox is off and pushes go to
 * Udesk as they did without it; the database is tried again after 1 s, then 2, 4 and 8 s, then at
 * most every {@value #RETRY_MILLIS} ms, on a pool thread, never on a push's thread. Every wait on
 * the database is bounded by {@code bridge.inbox.database-timeout} (the JDBC network timeout; H2's
 * lock timeout; a request's wait for the busy writer to begin its unit), so a database that hangs
 * costs a push that much and not WeChat's deadline.
 */
@ApplicationScoped
public class BridgeDatabase {
  private static final Logger LOG = Logger.getLogger(BridgeDatabase.class.getName());
  static final long RETRY_MILLIS = 10_000;

  /**
   * Tries since the database was last usable: the first come soon (a stall of a few seconds must
   * not keep the inbox off for 10 s more: outcomes waiting to be recorded are given up meanwhile).
   */
  private int failedTries;

  @Inject
  @ConfigProperty(name = "bridge.datasource")
  Optional<String> jndiName;

  @Inject
  @ConfigProperty(name = "bridge.data-dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "bridge.inbox.enabled")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "bridge.inbox.database-timeout")
  int timeoutMillis;

  @Resource ManagedExecutorService executor;

  private final AtomicBoolean connecting = new AtomicBoolean();

  /** Ids H2 reserves at once for new inbox rows (cacheIdentities). */
  static final int EMBEDDED_IDENTITY_CACHE = 1024;

  private volatile DataSource dataSource;

  /** The server's DataSource (or the embedded pool) inside {@link #dataSource}. */
  private DataSource server;

  private volatile boolean usable;
  private boolean migrated;
  private volatile long nextTry;
  private JdbcConnectionPool embedded;

  /**
   * The migrated database, or empty while it is off or unreachable (then a new try is started in
   * the background: 1, 2, 4 and 8 s after a failed try, then every {@value #RETRY_MILLIS} ms).
   */
  public Optional<DataSource> ready() {
    if (!enabled) {
      return Optional.empty();
    }
    if (usable) {
      return Optional.of(dataSource);
    }
    if (System.currentTimeMillis() >= nextTry && connecting.compareAndSet(false, true)) {
      try {
        executor.execute(this::connectInBackground);
      } catch (RejectedExecutionException shuttingDown) {
        connecting.set(false);
      }
    }
    return Optional.empty();
  }

  /** Opens and migrates the database now (at start, so the first push finds it ready). */
  public Optional<DataSource> open() {
    return enabled ? connect() : Optional.empty();
  }

  private void connectInBackground() {
    try {
      connect();
    } finally {
      connecting.set(false);
    }
  }

  private final DatabaseAnswered answered = new DatabaseAnswered();

  /**
   * A call failed on the database: it is checked again before the next use. Failures reported while
   * it is off already (work that was under way) keep the wait for the next try: in a 3 s PostgreSQL
   * stall they made the inbox flap off and on within a second, each time logged. A failure that
   * proves the database answers (a busy writer, work that met another instance's) leaves the inbox
   * on ({@link DatabaseAnswered}).
   */
  public void failed(SQLException failure) {
    if (answered.explains(failure)) {
      return;
    }
    if (usable) {
      LOG.log(
          Level.WARNING,
          "The inbox database failed ({0}, SQLState {1}); pushes are forwarded without "
              + "the inbox until it answers again",
          new Object[] {failure.getClass().getSimpleName(), failure.getSQLState()});
      nextTry = 0;
      usable = false;
    }
  }

  /**
   * True for the embedded database: only this instance can open its file, and all its work goes
   * through one writer ({@link GroupCommit}), so no two units ever run at once on it. Compared with
   * what {@link #ready()} hands out (the bounded wrapper), not with the pool inside it.
   */
  public boolean exclusive(DataSource db) {
    return db != null && embedded != null && db == dataSource;
  }

  /** What the log and the docs call this database: the JNDI name or the H2 file. */
  public String describe() {
    return jndiName
        .filter(name -> !name.isBlank())
        .map(name -> "DataSource " + name)
        .orElseGet(() -> "embedded H2 database in " + embeddedDir());
  }

  private synchronized Optional<DataSource> connect() {
    if (usable) {
      return Optional.of(dataSource);
    }
    try {
      if (dataSource == null) {
        server = lookUpOrCreate();
        dataSource = new BoundedDataSource(server, timeoutMillis);
      }
      if (!migrated) {
        // on the server's own connections, without the pushes' network timeout: a migration that
        // updates a large inbox (V4) may take longer, and cut off it would be rolled back and tried
        // again forever (meanwhile the inbox is off and pushes go on without it)
        SchemaMigration.migrate(server, embedded != null);
        if (embedded != null) {
          cacheIdentities(server);
        }
        migrated = true;
      }
      try (Connection connection = dataSource.getConnection()) {
        if (!connection.isValid(2)) {
          throw new SQLException("connection not valid");
        }
      }
      usable = true;
      failedTries = 0;
      if (embedded == null) { // the embedded database's clock is this instance's
        clock.measure(dataSource);
      }
      LOG.info(() -> "Inbox on: " + describe() + ", schema up to date");
      return Optional.of(dataSource);
    } catch (SQLException | NamingException | RuntimeException unreachable) {
      long wait = Math.min(RETRY_MILLIS, 1_000L << Math.min(failedTries++, 4));
      nextTry = System.currentTimeMillis() + wait;
      LOG.log(
          Level.WARNING,
          "Inbox off: "
              + describe()
              + " is not usable ("
              + unreachable
              + "); pushes are forwarded without the inbox, next try in "
              + wait
              + " ms");
      return Optional.empty();
    }
  }

  /**
   * H2 writes a chunk of its file each time an identity column has handed out the values it
   * reserved (32 by default), besides the chunks of the commits: one more every 32 pushes, 6 % of
   * the inbox writer's time in a profile under load. Only on the embedded database, whose one
   * writer takes the ids in order whatever the cache (a kill -9 leaves a gap, never a smaller id).
   * On PostgreSQL each connection caches a range of its own, so the ids that order a follower's
   * pushes would interleave; it keeps the default of 1.
   */
  private static void cacheIdentities(DataSource db) {
    try (Connection connection = connect(db);
        Statement alter = connection.createStatement()) {
      alter.execute("ALTER TABLE inbox_push ALTER COLUMN id SET CACHE " + EMBEDDED_IDENTITY_CACHE);
    } catch (SQLException failed) {
      // a speed setting: the inbox works without it (and the next start tries again)
      LOG.log(Level.WARNING, "The embedded inbox keeps H2's default identity cache", failed);
    }
  }

  private DataSource lookUpOrCreate() throws NamingException {
    if (jndiName.isPresent() && !jndiName.get().isBlank()) {
      return (DataSource) new InitialContext().lookup(jndiName.get().trim());
    }
    DataDirectory.prepare(embeddedDir());
    // WRITE_DELAY=0: every commit is in the file (the OS's cache) before it returns, so kill -9
    // loses nothing; DB_CLOSE_ON_EXIT=FALSE: closed by close() below, after the work that still
    // records outcomes, not by H2's shutdown hook before it; QUERY_CACHE_SIZE: the inbox's dozen
    // statements stay parsed (H2 keeps 8 per session by default and parsed them again and again);
    // CACHE_SIZE=2048 KiB: H2's page cache (16 MiB by default) fills with the pages each commit
    // writes, which then outlive a young collection or two and are copied by each; the inbox reads
    // back little beyond the paths to its newest rows (docs/inbox.md, Measured)
    embedded =
        JdbcConnectionPool.create(
            "jdbc:h2:file:"
                + embeddedDir().resolve("inbox")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=2048;LOCK_TIMEOUT="
                + timeoutMillis,
            "sa",
            "");
    embedded.setMaxConnections(32);
    embedded.setLoginTimeout(Math.max(1, timeoutMillis / 1000)); // the wait for a free connection
    return embedded;
  }

  private Path embeddedDir() {
    return Path.of(dataDir).toAbsolutePath().normalize();
  }

  @Inject GroupCommit commits;
  @Inject DatabaseClock clock;

  @jakarta.annotation.PreDestroy
  void close() {
    commits.stop(); // the batch in progress commits before the embedded database closes
    if (embedded != null) {
      embedded.dispose();
    }
  }

  /** PostgreSQL's SQLState for a lock not had within lock_timeout. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  /** PostgreSQL's and H2's SQLState for a unique-constraint violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  /**
   * True when the same work may simply run again: another instance did the same at the same moment
   * (a unique-key race), or the database chose this work as a deadlock's victim (PostgreSQL 40P01,
   * H2 40001): two instances' batches lock followers' rows in their own orders.
   */
  public static boolean raced(SQLException failure) {
    String state = failure.getSQLState();
    return UNIQUE_VIOLATION.equals(state) || "40P01".equals(state) || "40001".equals(state);
  }

  /**
   * Whether work that failed on its {@code attempt}-th run should run once more: it {@link #raced},
   * at most three runs in all (the second normally finds the other's work committed).
   */
  public static boolean mayRunAgain(SQLException failure, int attempt) {
    return raced(failure) && attempt < 3;
  }

  /**
   * Autocommit on, whatever the pool's previous user left (each transaction turns it off itself).
   */
  public static Connection connect(DataSource db) throws SQLException {
    Connection connection = db.getConnection();
    connection.setAutoCommit(true);
    return connection;
  }
}
