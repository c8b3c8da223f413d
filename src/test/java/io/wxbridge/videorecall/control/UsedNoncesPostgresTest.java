package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.testing.UnusedPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL, given the same signed request at the same moment. */
class UsedNoncesPostgresTest {
  private final List<GroupCommit> writers = new ArrayList<>();

  @AfterEach
  void stop() {
    writers.forEach(GroupCommit::stop);
  }

  @Test
  void ofTwoInstancesGivenTheSameRequestAtOnceExactlyOneAcceptsIt() throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setPort(UnusedPort.next()).start()) {
      DataSource db = postgres.getPostgresDatabase();
      UsedNoncesTest.migrate(db);
      List<SQLException> failures = new ArrayList<>();
      UsedNonces instanceA = instance(db, failures);
      UsedNonces instanceB = instance(db, failures);

      for (int request = 0; request < 50; request++) {
        String nonce = "race-" + request;
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Boolean> byA =
            CompletableFuture.supplyAsync(() -> firstUse(instanceA, nonce, together));
        boolean byB = firstUse(instanceB, nonce, together);
        int accepted = (byA.get(10, TimeUnit.SECONDS) ? 1 : 0) + (byB ? 1 : 0);
        assertEquals(1, accepted, nonce + " accepted by exactly one instance");
      }
      assertEquals(List.of(), failures, "a race is not a database failure");
    }
  }

  private UsedNonces instance(DataSource db, List<SQLException> failures) {
    UsedNonces nonces = UsedNoncesTest.onDatabase(db, failures);
    writers.add(nonces.commits);
    return nonces;
  }

  private static boolean firstUse(UsedNonces nonces, String nonce, CyclicBarrier together) {
    try {
      together.await(10, TimeUnit.SECONDS);
    } catch (Exception notTogether) {
      throw new AssertionError(notTogether);
    }
    return nonces.firstUse(UsedNoncesTest.NOW, nonce, UsedNoncesTest.NOW, UsedNoncesTest.WINDOW);
  }
}
