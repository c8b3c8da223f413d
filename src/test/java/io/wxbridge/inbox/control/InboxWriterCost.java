package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.PushIdentity;
import io.wxbridge.inbox.entity.RecordedPush;
import io.wxbridge.inbox.entity.ReplayVerdict;
import io.wxbridge.testing.CountingDataSource;
import io.wxbridge.testing.PostgresDatabases;
import io.wxbridge.testing.ReadyDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * What the inbox's writer thread costs per push, not a test (run by hand, see below): plaintext
 * pushes on the normal path (replay record, record, delivered outcome) through the real {@link
 * ReplayGuard}, {@link InboxStore}, {@link InboxOutcomes} and {@link GroupCommit}, from several
 * threads with random (Poisson) arrivals at a given total rate, on an H2 file with the production
 * URL ({@code BridgeDatabase}) or on a PostgreSQL it starts. Reported: the writer thread's CPU time
 * per push (ThreadMXBean), on PostgreSQL also its backend's, commits and the SQL run per push.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/deps.txt \
 *   -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/deps.txt) \
 *   io.wxbridge.inbox.control.InboxWriterCost h2 20000 8 800
 * </pre>
 *
 * Arguments: h2 or postgres, measured pushes, threads, pushes a second (all threads together; 0: as
 * fast as the writer takes them).
 */
final class InboxWriterCost {
  private static final Logger LOG = Logger.getLogger(InboxWriterCost.class.getName());
  private static final AppId APP = new AppId("wxcost0000000001");
  private static final int FOLLOWERS_PER_THREAD = 500;
  private static final byte[] BODY =
      ("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o]]></FromUserName>"
              + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
              + "<Content><![CDATA[hello]]></Content><MsgId>1</MsgId></xml>")
          .getBytes(StandardCharsets.UTF_8);

  private final GroupCommit commits = new GroupCommit();
  private final CountingDataSource counting = new CountingDataSource();
  private final AtomicLong sequence = new AtomicLong();
  private final ReplayGuard replays = new ReplayGuard();
  private final InboxStore store = new InboxStore();
  private final InboxOutcomes outcomes = new InboxOutcomes();
  private final DataSource db;

  private InboxWriterCost(DataSource server, boolean exclusive) {
    db = counting.wrap(server);
    InboxSettings settings = new InboxSettings();
    settings.leaseMillis = 60_000;
    settings.lateReplyTimeoutMillis = 30_000;
    settings.replyTimeoutMillis = 4_000;
    settings.maxClockSkewSeconds = 300;
    BridgeDatabase database =
        new ReadyDatabase(db) {
          @Override
          public boolean exclusive(DataSource candidate) {
            return exclusive && candidate == db;
          }
        };
    replays.commits = commits;
    replays.settings = settings;
    replays.database = database;
    store.commits = commits;
    store.settings = settings;
    store.database = database;
    outcomes.commits = commits;
    outcomes.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "h2";
    int pushes = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 800;
    if (kind.equals("postgres")) {
      try (PostgresDatabases postgres = new PostgresDatabases("cost")) {
        DataSource server = postgres.create().dataSource();
        migrate(server);
        new InboxWriterCost(server, false).measure(pushes, threads, rate);
      }
      return;
    }
    Path dir = Files.createTempDirectory("inbox-cost");
    // BridgeDatabase's embedded URL and identity cache
    JdbcConnectionPool pool =
        JdbcConnectionPool.create(
            "jdbc:h2:file:"
                + dir.resolve("inbox")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=2048;"
                + "LOCK_TIMEOUT=2000",
            "sa",
            "");
    try {
      migrate(pool);
      try (var connection = pool.getConnection();
          var alter = connection.createStatement()) {
        alter.execute("ALTER TABLE inbox_push ALTER COLUMN id SET CACHE 1024");
      }
      new InboxWriterCost(pool, true).measure(pushes, threads, rate);
    } finally {
      pool.dispose();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void migrate(DataSource db) {
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
  }

  private void measure(int pushes, int threads, int rate) throws Exception {
    run(Math.max(5_000, pushes / 4), threads, rate); // JIT warm-up, not counted
    Thread writer = writerThread();
    OptionalBackend backend = OptionalBackend.of(commits, db);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    counting.reset();
    long batches = commits.batches();
    long cpu = mx.getThreadCpuTime(writer.getId());
    long backendTicks = backend.cpuTicks();
    long started = System.nanoTime();
    run(pushes, threads, rate);
    long wall = System.nanoTime() - started;
    long writerCpu = mx.getThreadCpuTime(writer.getId()) - cpu;
    long backendCpuNanos = (backend.cpuTicks() - backendTicks) * 10_000_000L; // 100 ticks a second
    StringBuilder report = new StringBuilder();
    long commitCpu = counting.commitCpuNanos();
    report.append(
        String.format(
            "%d pushes, %d threads, %d/s offered, %.0f/s achieved: writer CPU %.1f µs/push "
                + "(%.1f in statements, %.1f in commits), %.3f commits/push (%.1f µs each)%s, "
                + "%.2f statements/push (savepoints and commits included)%n",
            pushes,
            threads,
            rate,
            pushes / (wall / 1e9),
            writerCpu / 1e3 / pushes,
            (writerCpu - commitCpu) / 1e3 / pushes,
            commitCpu / 1e3 / pushes,
            (commits.batches() - batches) / (double) pushes,
            commitCpu / 1e3 / Math.max(1, commits.batches() - batches),
            backend.present()
                ? String.format(", backend CPU %.1f µs/push", backendCpuNanos / 1e3 / pushes)
                : "",
            counting.total() / (double) pushes));
    counting
        .counts()
        .forEach(
            (sql, count) ->
                report.append(String.format("  %6.3f  %s%n", count / (double) pushes, sql)));
    LOG.info(report::toString);
    commits.stop();
  }

  private void run(int pushes, int threads, int rate) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      // rate 0: each thread pushes again as soon as its last push is done (the writer's capacity)
      double meanInterval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) * (double) threads / rate : 0;
      for (int t = 0; t < threads; t++) {
        int thread = t;
        running.add(
            pool.submit(
                () -> {
                  // Poisson arrivals: threads ticking in step would batch alike run after run
                  Random arrivals = new Random(thread);
                  long next = System.nanoTime();
                  for (int i = thread; i < pushes; i += threads) {
                    next += (long) (-Math.log(1 - arrivals.nextDouble()) * meanInterval);
                    LockSupport.parkNanos(next - System.nanoTime());
                    push(thread * FOLLOWERS_PER_THREAD + (i / threads) % FOLLOWERS_PER_THREAD);
                  }
                  return null;
                }));
      }
      for (Future<?> each : running) {
        each.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** One plaintext push of a follower whose earlier pushes are all delivered. */
  private void push(int follower) throws Exception {
    long n = sequence.incrementAndGet();
    long now = System.currentTimeMillis();
    ReplayVerdict verdict =
        replays.check(APP, String.valueOf(now / 1000), "nonce" + n, "signature", BODY);
    if (verdict != ReplayVerdict.FIRST) {
      throw new IllegalStateException("replay check: " + verdict);
    }
    RecordedPush recorded =
        store.record(
            db, APP, new PushIdentity("o" + follower, "msg:" + n), "text", BODY, now, true);
    if (recorded.kind() != RecordedPush.Kind.NEW) {
      throw new IllegalStateException("recorded " + recorded.kind());
    }
    outcomes.delivered(db, recorded.entry(), new byte[0], now, false, now + 60_000);
  }

  private static Thread writerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("bridge-group-commit"))
        .findFirst()
        .orElseThrow();
  }

  /** The writer's PostgreSQL backend, whose CPU /proc counts in ticks; none on H2. */
  private record OptionalBackend(Optional<Path> stat) {
    static OptionalBackend of(GroupCommit commits, DataSource db) throws Exception {
      String product = commits.run(db, c -> c.getMetaData().getDatabaseProductName());
      if (!product.startsWith("PostgreSQL")) {
        return new OptionalBackend(Optional.empty());
      }
      int pid =
          commits.run(
              db,
              c -> {
                try (var select = c.createStatement();
                    var row = select.executeQuery("SELECT pg_backend_pid()")) {
                  row.next();
                  return row.getInt(1);
                }
              });
      Path stat = Path.of("/proc/" + pid + "/stat");
      return new OptionalBackend(Files.isReadable(stat) ? Optional.of(stat) : Optional.empty());
    }

    boolean present() {
      return stat.isPresent();
    }

    /** utime + stime of the backend. */
    long cpuTicks() throws Exception {
      if (stat.isEmpty()) {
        return 0;
      }
      String line = Files.readString(stat.get());
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
  }
}
