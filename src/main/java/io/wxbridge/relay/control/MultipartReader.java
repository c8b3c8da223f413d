package io.wxbridge.relay.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a multipart/form-data body one part at a time, straight from the request, so an uploaded
 * file flows on to WeChat through a fixed 64 KiB window and is never held whole in memory or on
 * disk. A part's body ends at the next "CRLF--boundary" (RFC 7578/2046); a body that ends before
 * its closing boundary is reported as malformed, never passed on as if complete.
 */
public final class MultipartReader {
  static final int WINDOW = 64 * 1024;
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** Blanks allowed after a boundary (RFC 2046's transport padding): no sender writes more. */
  static final int MAX_PADDING = 1024;

  private final InputStream in;
  private final byte[] delimiter;

  /**
   * For each byte value, how far the delimiter may move on when that byte lies under its last byte
   * and the delimiter does not start there (Horspool's table).
   */
  private final int[] shift = new int[256];

  private final byte[] buffer = new byte[WINDOW];
  private int position;
  private int limit;

  /** Bytes of the input moved out of the window, plus the two the window started with. */
  private long dropped = -2;

  /**
   * Every index below this one has been compared with the delimiter already and does not start it.
   */
  private int scanned;

  private boolean endOfInput;
  private boolean finished;
  private PartBody current;

  public MultipartReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Arrays.fill(shift, delimiter.length);
    for (int k = 0; k < delimiter.length - 1; k++) {
      shift[delimiter[k] & 0xFF] = delimiter.length - 1 - k;
    }
    // the first delimiter has no CRLF of its own: pretend the body starts with one
    buffer[0] = '\r';
    buffer[1] = '\n';
    limit = 2;
    current = new PartBody(); // the preamble, skipped like the rest of a part nobody reads
  }

  /**
   * How many bytes of the input come before the reader's position: after {@link #next()}, before
   * that part's body.
   */
  public long offset() {
    return dropped + position;
  }

  /** The bytes that close the body after its last part's content: CRLF--boundary--CRLF. */
  public int closingLength() {
    return delimiter.length + 4;
  }

  /**
   * {@link #next()}, reading what it skips (the preamble, the rest of the current part) only until
   * {@code maxOffset} bytes of the input are behind it: a chunked body of unknown length must not
   * be read to its end before the part that matters.
   *
   * @throws TooFarInException when the next part begins further in
   */
  public Optional<MultipartPart> next(long maxOffset) throws IOException {
    byte[] skipped = new byte[8192];
    while (offset() <= maxOffset && current.read(skipped) >= 0) {
      // skipped, counted by offset()
    }
    if (offset() > maxOffset) {
      throw new TooFarInException(maxOffset);
    }
    return next();
  }

  /** The next part, skipping what is left of the current one; empty after the closing boundary. */
  public Optional<MultipartPart> next() throws IOException {
    if (finished) {
      return Optional.empty();
    }
    current.transferTo(OutputStream.nullOutputStream());
    position += delimiter.length;
    ensure(2);
    if (buffered() >= 2 && buffer[position] == '-' && buffer[position + 1] == '-') {
      finished = true;
      return Optional.empty();
    }
    skipPaddingAndNewline();
    Map<String, String> headers = headers();
    current = new PartBody();
    return Optional.of(new MultipartPart(headers, current));
  }

  /**
   * The current part's body, whose end is reported only once the rest of the multipart has been
   * read to its closing boundary (other parts skipped, at most {@code maxAfter} bytes of them): a
   * body whose closing is missing or broken is malformed, and the part is never taken as complete
   * without it.
   */
  public InputStream bodyThenClosing(long maxAfter) {
    current.closingAllowance = maxAfter;
    return current;
  }

  /** Reads on to the closing boundary, at most {@code maxAfter} bytes, counted as they are read. */
  private void confirmClosed(long maxAfter) throws IOException {
    long end = offset();
    byte[] skipped = new byte[8192];
    for (Optional<MultipartPart> part = next(); part.isPresent(); part = next()) {
      InputStream body = part.get().body();
      while (offset() - end <= maxAfter && body.read(skipped) >= 0) {
        // a part after the file, read only to find where the body closes
      }
      if (offset() - end > maxAfter) {
        throw new MalformedMultipartException("more than " + maxAfter + " bytes after the file");
      }
    }
  }

  private void skipPaddingAndNewline() throws IOException {
    int padding = 0;
    while (ensure(1) && (buffer[position] == ' ' || buffer[position] == '\t')) {
      position++;
      if (++padding > MAX_PADDING) { // read without end otherwise, before any limit applies
        throw new MalformedMultipartException(
            "more than " + MAX_PADDING + " blanks after a boundary");
      }
    }
    if (!ensure(2) || buffer[position] != '\r' || buffer[position + 1] != '\n') {
      throw new MalformedMultipartException("boundary not followed by a line break");
    }
    position += 2;
  }

  private Map<String, String> headers() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    int read = 0;
    while (true) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        if (!ensure(2)) {
          throw new MalformedMultipartException("part headers cut off");
        }
        if (buffer[position] == '\r' && buffer[position + 1] == '\n') {
          position += 2;
          break;
        }
        line.write(buffer[position++]);
        if (++read > MAX_HEADER_BYTES) {
          throw new MalformedMultipartException("part headers over " + MAX_HEADER_BYTES + " bytes");
        }
      }
      if (line.size() == 0) {
        return headers;
      }
      String header = line.toString(StandardCharsets.UTF_8);
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new MalformedMultipartException("part header without a name");
      }
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
  }

  private int buffered() {
    return limit - position;
  }

  /** Makes at least {@code wanted} bytes available if the input still has them. */
  private boolean ensure(int wanted) throws IOException {
    while (buffered() < wanted && !endOfInput) {
      if (position > 0) {
        System.arraycopy(buffer, position, buffer, 0, buffered());
        dropped += position;
        limit -= position;
        scanned = Math.max(0, scanned - position);
        position = 0;
      }
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        endOfInput = true;
      } else {
        limit += n;
      }
    }
    return buffered() >= wanted;
  }

  /**
   * Where the delimiter starts in the window, or -1. Horspool's search: each candidate position is
   * judged by the byte under the delimiter's last byte, and most move on by the delimiter's whole
   * length, so most of a file's bytes are never compared. Comparing the delimiter at every byte was
   * the hottest Java frame of an upload (JFR, issue 9), at about 26 ns a byte until the JIT
   * compiles it, and that can take long in a busy server; this costs about 1 ns then, 0.25 after.
   */
  private int delimiterAt() {
    int end = delimiter.length - 1;
    int last = limit - delimiter.length;
    int i = Math.max(position, scanned);
    while (i <= last) {
      int j = end;
      while (buffer[i + j] == delimiter[j]) {
        if (j == 0) {
          scanned = i;
          return i;
        }
        j--;
      }
      i += shift[buffer[i + end] & 0xFF];
    }
    scanned = Math.max(scanned, last + 1);
    return -1;
  }

  /** The body of the current part: ends (-1) where the delimiter starts. */
  private final class PartBody extends InputStream {
    private boolean ended;

    /** When set (not -1), the end is reported only after {@link #confirmClosed}. */
    private long closingAllowance = -1;

    /** Why the body's closing is broken, thrown again at every read once found. */
    private IOException brokenClosing;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      if (brokenClosing != null) {
        throw brokenClosing;
      }
      if (ended || current != this) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      while (true) {
        ensure(delimiter.length);
        int at = delimiterAt();
        int safe = at >= 0 ? at - position : buffered() - (delimiter.length - 1);
        if (at == position) {
          ended = true;
          if (closingAllowance >= 0) {
            try {
              confirmClosed(closingAllowance);
            } catch (IOException broken) {
              brokenClosing = broken;
              throw broken;
            }
          }
          return -1;
        }
        if (safe > 0) {
          int n = Math.min(length, safe);
          System.arraycopy(buffer, position, target, offset, n);
          position += n;
          return n;
        }
        if (endOfInput) {
          throw new MalformedMultipartException("body ended before its closing boundary");
        }
        ensure(buffered() + 1);
      }
    }
  }
}
