package io.wxbridge.forward.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedAnswerReaderTest {
  private static final byte[] REPLY =
      "<xml><Content><![CDATA[hello]]></Content></xml>".getBytes(StandardCharsets.UTF_8);

  private final BoundedAnswerReader reader = new BoundedAnswerReader();

  @Test
  void anAnswerIsReadWholeWithOrWithoutContentLength() throws IOException {
    assertArrayEquals(REPLY, read(new ByteArrayInputStream(REPLY), String.valueOf(REPLY.length)));
    assertArrayEquals(REPLY, read(new ByteArrayInputStream(REPLY), null));
    assertArrayEquals(REPLY, read(new ByteArrayInputStream(REPLY), "not a number"));
  }

  @Test
  void aLargerDeclaredAnswerIsRefusedBeforeItIsRead() {
    InputStream neverRead =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("an answer declared too large is not read");
          }
        };
    UdeskAnswerException refused =
        assertThrows(
            UdeskAnswerException.class,
            () -> read(neverRead, String.valueOf(BoundedAnswerReader.MAX_BYTES + 1)));
    assertEquals(
        UdeskAnswerException.tooLarge(BoundedAnswerReader.MAX_BYTES).getMessage(),
        refused.getMessage());
  }

  @Test
  void anUndeclaredAnswerIsCutAtTheCap() {
    byte[] endless = new byte[BoundedAnswerReader.MAX_BYTES + 10];
    assertThrows(UdeskAnswerException.class, () -> read(new ByteArrayInputStream(endless), null));
  }

  @Test
  void anAnswerThatBreaksOffBeforeItsContentLengthIsNotPassedOn() throws IOException {
    UdeskAnswerException brokeOff =
        assertThrows(
            UdeskAnswerException.class,
            () -> read(new ByteArrayInputStream(REPLY), String.valueOf(REPLY.length + 1)));
    assertEquals(
        "Udesk's answer broke off after its 2xx status ("
            + REPLY.length
            + " of the "
            + (REPLY.length + 1)
            + " bytes its Content-Length announced)",
        brokeOff.getMessage());
    assertTrue(brokeOff.refusedWith().isEmpty(), "a 2xx: Udesk has the push");
    // both servers' Apache engines throw for an answer short of its length; one that simply ends
    // short is checked too
    InputStream closed =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new java.io.EOFException("connection closed");
          }
        };
    UdeskAnswerException thrown =
        assertThrows(UdeskAnswerException.class, () -> read(closed, null));
    assertEquals(
        "Udesk's answer broke off after its 2xx status (EOFException)", thrown.getMessage());
    assertTrue(thrown.refusedWith().isEmpty());
    // a compressed answer's length counts what was sent, not what is read
    MultivaluedMap<String, String> gzip = new MultivaluedHashMap<>();
    gzip.putSingle("Content-Length", "3");
    gzip.putSingle("Content-Encoding", "gzip");
    assertArrayEquals(
        REPLY,
        reader.readFrom(
            byte[].class, byte[].class, null, null, gzip, new ByteArrayInputStream(REPLY)));
  }

  private byte[] read(InputStream answer, String contentLength) throws IOException {
    MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
    if (contentLength != null) {
      headers.putSingle("Content-Length", contentLength);
    }
    return reader.readFrom(byte[].class, byte[].class, null, null, headers, answer);
  }
}
