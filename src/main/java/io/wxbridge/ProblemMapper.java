package io.wxbridge;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.requests.entity.RequestId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * The one place where errors become responses. WeChat's face answers plain text (WeChat only looks
 * at the status); every other face answers WeChat-shaped JSON {"errcode":…,"errmsg":…}, because
 * Udesk and the enterprise's systems read errcode to decide what happened; a request whose body its
 * caller cut off gets its status without a body on every face ({@link
 * ProblemException#requestBrokeOff}). Nobody ever gets a stack trace; unexpected failures are
 * logged here once, with theirs.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
  static final int SYSTEM_ERROR = -1;

  /** WeChat's errcodes for what the server itself refuses: no such path, the wrong method. */
  static final int INVALID_URL = 40066;

  static final int REQUIRE_GET = 43001;
  static final int REQUIRE_POST = 43002;

  static final String REFUSAL_LINES = "bridge.log.refusal-lines";
  private static final Set<String> FACES = Set.of("wechat", "udesk", "video-recall", "admin");
  static final int MAX_LOGGED_PATH = 200;
  static final String REFUSAL_WINDOW = "bridge.log.refusal-window";

  /**
   * Refusals are logged a bounded number of times a minute: a stranger's flood cannot fill the
   * disk.
   */
  private static volatile LogBudget refusals;

  @Context UriInfo uriInfo;
  @Context HttpServletRequest request;

  @Override
  public Response toResponse(Throwable failure) {
    if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
      // an asynchronous answer (a push's) that failed in a later stage: what failed is inside
      return toResponse(wrapped.getCause());
    }
    if (failure instanceof ProblemException problem) {
      if (refusals().admit(problem.status() + " " + face(path()))) {
        LOG.log(
            Level.INFO,
            "{0} {1}: {2} (request {3})",
            new Object[] {
              problem.status(), loggedPath(), printable(problem.getMessage()), requestId()
            });
      }
      if (problem.requestBrokeOff()) {
        return Response.status(problem.status()).build();
      }
      Response answer = render(problem.status(), problem.errcode(), problem.getMessage());
      if (problem.status() == 405) { // a call on the face's list with the wrong method: as Jersey's
        return Response.fromResponse(answer)
            .allow(problem.errcode() == REQUIRE_GET ? "GET" : "POST")
            .build();
      }
      return answer;
    }
    if (failure instanceof BulkheadException) {
      LOG.log(
          Level.INFO,
          "503 {0}: too many calls of this kind at once (request {1})",
          new Object[] {loggedPath(), requestId()});
      return render(503, SYSTEM_ERROR, "system busy: too many calls at once, try again");
    }
    if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
      Response.StatusType status = web.getResponse().getStatusInfo();
      if (LOG.isLoggable(Level.FINE)) { // a scanner's flood of 404s pays nothing for it
        LOG.log(Level.FINE, "{0} {1}", new Object[] {status.getStatusCode(), loggedPath()});
      }
      return switch (status.getStatusCode()) {
        case 404 -> render(404, INVALID_URL, "invalid url");
        case 405 -> methodNotAllowed(web.getResponse().getAllowedMethods());
        default -> render(status.getStatusCode(), status.getStatusCode(), status.getReasonPhrase());
      };
    }
    LOG.log(
        Level.SEVERE,
        "Unexpected failure on " + loggedPath() + " (request " + requestId() + ")",
        failure);
    return render(500, SYSTEM_ERROR, "system error");
  }

  private Response methodNotAllowed(Set<String> allowed) {
    boolean get = allowed.contains("GET");
    boolean post = allowed.contains("POST");
    Response refusal;
    if (get && post) {
      refusal = render(405, REQUIRE_POST, "require GET or POST method");
    } else if (get) {
      refusal = render(405, REQUIRE_GET, "require GET method");
    } else {
      refusal = render(405, REQUIRE_POST, "require POST method");
    }
    // only what the errmsg names: on the Udesk face HEAD and OPTIONS are resource methods that
    // refuse (405), which Jersey would list all the same
    Set<String> advertised = new java.util.TreeSet<>(allowed);
    advertised.retainAll(Set.of("GET", "POST"));
    return Response.fromResponse(refusal).allow(advertised).build();
  }

  private Response render(int status, int errcode, String message) {
    if (path().startsWith("wechat")) {
      return Response.status(status)
          .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
          .entity(message)
          .build();
    }
    String json =
        JSON.createObjectBuilder()
            .add("errcode", errcode)
            .add("errmsg", message)
            .build()
            .toString();
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
        .entity(json)
        .build();
  }

  private String requestId() {
    return request == null ? "?" : String.valueOf(request.getAttribute(RequestId.PROPERTY));
  }

  /**
   * The path for the log: the segment after udesk/ may be an account's secret udesk-path, and a
   * stranger's path may hold line breaks (%0A) that would start a forged line.
   */
  private String loggedPath() {
    return logged(path());
  }

  /**
   * The path as logged: printable, the Udesk face's account (it may be the secret udesk-path)
   * hidden, and at most {@value #MAX_LOGGED_PATH} characters (a stranger's path of thousands makes
   * no longer line).
   */
  static String logged(String requestPath) {
    String path = hideUdeskAccount(printable(requestPath));
    if (path.length() <= MAX_LOGGED_PATH) {
      return path;
    }
    int cut =
        Character.isHighSurrogate(path.charAt(MAX_LOGGED_PATH - 1))
            ? MAX_LOGGED_PATH - 1
            : MAX_LOGGED_PATH;
    return path.substring(0, cut) + "…";
  }

  /**
   * The account's segment of a Udesk face path replaced: the first non-empty one after "udesk",
   * whatever matrix parameters either carries (the router matches /udesk//x and /udesk;p/x too).
   */
  private static String hideUdeskAccount(String path) {
    String[] segments = path.split("/", -1);
    int face = 0;
    while (face < segments.length - 1 && segments[face].isEmpty()) {
      face++;
    }
    if (face == segments.length - 1 || !segments[face].split(";", 2)[0].equals("udesk")) {
      return path; // not the Udesk face, or no segment after it
    }
    int account = face + 1;
    while (account < segments.length - 1 && segments[account].isEmpty()) {
      account++;
    }
    segments[account] = "<account>";
    return String.join("/", segments);
  }

  /** Control characters (and the Unicode line separators) percent-encoded as they came. */
  static String printable(String text) {
    StringBuilder printable = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (control && printable == null) {
        printable = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (printable != null) {
        if (!control) {
          printable.append(c);
        } else {
          printable.append(String.format(Locale.ROOT, c < 0x100 ? "%%%02X" : "%%u%04X", (int) c));
        }
      }
    }
    return printable == null ? text : printable.toString();
  }

  private static LogBudget refusals() {
    if (refusals == null) {
      refusals = LogBudget.fromConfig();
    }
    return refusals;
  }

  /**
   * The face a refusal came to, one of a fixed few: a stranger's first segment would make each
   * request a kind of its own, with its own budget and an entry kept for good.
   */
  static String face(String path) {
    int slash = path.indexOf('/');
    String first = slash < 0 ? path : path.substring(0, slash);
    return FACES.contains(first) ? first : "other";
  }

  private String path() {
    String path = uriInfo == null ? "" : uriInfo.getPath();
    return path.startsWith("/") ? path.substring(1) : path;
  }

  /**
   * At most {@code lines} log lines per window for each kind of refusal (status and face, e.g. "401
   * wechat"), so a flood of one kind cannot crowd out the others; the first refusal of a kind after
   * a window in which some were dropped logs how many, so the log still says that a flood happened.
   */
  static final class LogBudget {
    private final int lines;
    private final long windowMillis;
    private final Map<String, long[]> kinds =
        new ConcurrentHashMap<>(); // {window start, used, dropped}

    LogBudget(int lines, long windowMillis) {
      this.lines = lines;
      this.windowMillis = windowMillis;
    }

    static LogBudget fromConfig() {
      Config config = ConfigProvider.getConfig();
      return new LogBudget(
          config.getValue(REFUSAL_LINES, Integer.class),
          config.getValue(REFUSAL_WINDOW, Long.class));
    }

    boolean admit(String kind) {
      long[] state =
          kinds.computeIfAbsent(kind, k -> new long[] {System.currentTimeMillis(), 0, 0});
      synchronized (state) {
        long now = System.currentTimeMillis();
        if (now - state[0] >= windowMillis) {
          if (state[2] > 0) {
            LOG.log(
                Level.WARNING,
                "{0} further refusals ({1}) were not logged in the last {2} ms (at most {3} are)",
                new Object[] {String.valueOf(state[2]), kind, String.valueOf(windowMillis), lines});
          }
          state[0] = now;
          state[1] = 0;
          state[2] = 0;
        }
        if (state[1] < lines) {
          state[1]++;
          return true;
        }
        state[2]++;
        return false;
      }
    }
  }
}
