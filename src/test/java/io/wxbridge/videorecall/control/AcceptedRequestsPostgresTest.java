package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.testing.UnusedPort;
import io.wxbridge.text.entity.Digest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
class AcceptedRequestsPostgresTest {
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
      AcceptedRequestsTest.migrate(db);
      List<SQLException> failures = AcceptedRequestsTest.failures();
      AcceptedRequests instanceA = instance(db, failures);
      AcceptedRequests instanceB = instance(db, failures);

      for (int request = 0; request < 50; request++) {
        String nonce = "race-" + request;
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Boolean> byA =
            CompletableFuture.supplyAsync(() -> acceptTogether(instanceA, nonce, together));
        boolean byB = acceptTogether(instanceB, nonce, together);
        int accepted = (byA.get(10, TimeUnit.SECONDS) ? 1 : 0) + (byB ? 1 : 0);
        assertEquals(1, accepted, nonce + " accepted by exactly one instance");
      }
      assertEquals(List.of(), failures, "a race is not a database failure");
    }
  }

  /**
   * An instance whose insert of the request is not committed (stalled, or slow) has taken it: the
   * other refuses it within its bounded lock wait, rather than accept it too when its wait for the
   * database runs out, and without taking its database for failed.
   */
  @Test
  void aRequestAnotherInstanceHasInsertedButNotCommittedIsRefusedWithoutADatabaseFailure()
      throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setPort(UnusedPort.next()).start()) {
      DataSource db = postgres.getPostgresDatabase();
      AcceptedRequestsTest.migrate(db);
      List<SQLException> failures = AcceptedRequestsTest.failures();
      AcceptedRequests instanceB = instance(db, failures);
      try (Connection instanceA = db.getConnection();
          PreparedStatement insert =
              instanceA.prepareStatement(
                  "INSERT INTO video_accepted_request (signed_at, request_hash) VALUES (?, ?)")) {
        instanceA.setAutoCommit(false);
        insert.setLong(1, AcceptedRequestsTest.NOW);
        insert.setString(2, Digest.SHA_256.hex(AcceptedRequestsTest.NOW + "\nheld"));
        insert.executeUpdate(); // and not committed

        assertFalse(
            instanceB.accept(
                AcceptedRequestsTest.NOW,
                "held",
                AcceptedRequestsTest.NOW,
                AcceptedRequestsTest.WINDOW));
        assertEquals(List.of(), failures, "waiting for another instance is not a failure");
        assertTrue(
            instanceB.accept(
                AcceptedRequestsTest.NOW,
                "another",
                AcceptedRequestsTest.NOW,
                AcceptedRequestsTest.WINDOW),
            "the writer goes on after the refusal");
        instanceA.rollback();
      }
    }
  }

  private AcceptedRequests instance(DataSource db, List<SQLException> failures) {
    AcceptedRequests requests = AcceptedRequestsTest.onDatabase(db, failures);
    writers.add(requests.commits);
    return requests;
  }

  private static boolean acceptTogether(
      AcceptedRequests requests, String nonce, CyclicBarrier together) {
    try {
      together.await(10, TimeUnit.SECONDS);
    } catch (Exception notTogether) {
      throw new AssertionError(notTogether);
    }
    return requests.accept(
        AcceptedRequestsTest.NOW, nonce, AcceptedRequestsTest.NOW, AcceptedRequestsTest.WINDOW);
  }
}
