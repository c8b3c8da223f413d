package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** An answer closed before its end is read on only up to a budget; past it, the connection goes. */
class DrainOrAbortTest {
  @Test
  void anAnswerReadToItsEndOrWithAShortRestKeepsItsConnection() throws IOException {
    assertTrue(DrainOrAbort.endsWithin(new ByteArrayInputStream(new byte[0])));
    assertTrue(DrainOrAbort.endsWithin(new ByteArrayInputStream(new byte[DrainOrAbort.BUDGET])));
    assertFalse(
        DrainOrAbort.endsWithin(new ByteArrayInputStream(new byte[DrainOrAbort.BUDGET + 1])));
  }

  @Test
  void aLongRestIsReadNoFurtherThanTheBudget() throws IOException {
    ByteArrayInputStream rest = new ByteArrayInputStream(new byte[16 * DrainOrAbort.BUDGET]);

    assertFalse(DrainOrAbort.endsWithin(rest));
    assertEquals(15 * DrainOrAbort.BUDGET - 1, rest.available(), "the budget and a byte read");
  }

  @Test
  void aRestThatBreaksOffIsReported() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Connection reset");
          }
        };
    assertThrows(IOException.class, () -> DrainOrAbort.endsWithin(broken));
  }
}
