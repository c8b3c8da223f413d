package io.wxbridge;

import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * The one place where errors become responses. WeChat's face answers plain text (WeChat only
 * looks at the status); every other face answers WeChat-shaped JSON {"errcode":…,"errmsg":…},
 * because Udesk and the enterprise's systems read errcode to decide what happened. Nobody ever
 * gets a stack trace; unexpected failures are logged here once, with theirs.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
  static final int SYSTEM_ERROR = -1;

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(Throwable failure) {
    if (failure instanceof ProblemException problem) {
      LOG.log(Level.INFO, "{0} {1}: {2}", new Object[] {problem.status(), loggedPath(), problem.getMessage()});
      return render(problem.status(), problem.errcode(), problem.getMessage());
    }
    if (failure instanceof BulkheadException) {
      LOG.log(Level.INFO, "503 {0}: too many calls of this kind at once", loggedPath());
      return render(503, SYSTEM_ERROR, "system busy: too many calls at once, try again");
    }
    if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
      Response.StatusType status = web.getResponse().getStatusInfo();
      LOG.log(Level.FINE, "{0} {1}", new Object[] {status.getStatusCode(), loggedPath()});
      return render(status.getStatusCode(), status.getStatusCode(), status.getReasonPhrase());
    }
    LOG.log(Level.SEVERE, "Unexpected failure on " + loggedPath(), failure);
    return render(500, SYSTEM_ERROR, "system error");
  }

  private Response render(int status, int errcode, String message) {
    if (path().startsWith("wechat")) {
      return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message).build();
    }
    String json = JSON.createObjectBuilder().add("errcode", errcode).add("errmsg", message).build().toString();
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(json).build();
  }

  /** The path for the log: the segment after udesk/ may be an account's secret udesk-path. */
  private String loggedPath() {
    String path = path();
    if (!path.startsWith("udesk/")) {
      return path;
    }
    int next = path.indexOf('/', "udesk/".length());
    return "udesk/<account>" + (next < 0 ? "" : path.substring(next));
  }

  private String path() {
    String path = uriInfo == null ? "" : uriInfo.getPath();
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
