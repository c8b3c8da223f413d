package io.wxbridge.requests.boundary;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An answer whose caller went away (Udesk's own timeout, a closed tab) fails its next write, and
 * the writer sees that (a media download stops reading WeChat's answer and says so in one line).
 * What the JAX-RS runtime does with the answer's stream afterwards, flushing and closing it, then
 * fails too: Jersey logs each such failure as a SEVERE stack trace (two per abandoned download, its
 * issue 4420), so they are dropped here, once the first write has failed, at FINE.
 */
@Provider
@CallerMayLeave
public class LeavingCallerGuard implements WriterInterceptor {
  private static final Logger LOG = Logger.getLogger(LeavingCallerGuard.class.getName());

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    context.setOutputStream(new Guarded(context.getOutputStream()));
    context.proceed();
  }

  private static final class Guarded extends FilterOutputStream {
    private boolean gone;

    Guarded(OutputStream caller) {
      super(caller);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (gone) {
        throw new IOException("the caller went away"); // as the failed write before
      }
      try {
        out.write(bytes, offset, length);
      } catch (IOException | RuntimeException failed) {
        gone = true;
        throw failed;
      }
    }

    @Override
    public void flush() throws IOException {
      if (!gone) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException | RuntimeException failed) {
        if (!gone) {
          throw failed;
        }
        LOG.log(Level.FINE, "closing the answer of a caller who went away", failed);
      }
    }
  }
}
