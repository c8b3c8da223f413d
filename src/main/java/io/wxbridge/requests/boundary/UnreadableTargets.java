package io.wxbridge.requests.boundary;

import io.wxbridge.requests.control.UnreadableRequestException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, through the one error mapper, a request whose path is not percent-encoded UTF-8 or whose
 * target is no URI. RESTEasy (WildFly) decodes the path and parses the URL while it takes the
 * request from the servlet container, before any JAX-RS filter: {@code /udesk/%ff%fe} got its HTML
 * 400 after a WARNING with a stack trace, and an absolute-form target with a broken authority
 * ({@code GET http://[zz]/x}) a 500 after a SEVERE one (a probe, 2026-12-05). Such a request is
 * handed on with its path cut to its face (its first segment, so the refusal has the face's shape)
 * and the refusal in {@link UnreadableRequestException#ATTRIBUTE}, which {@link
 * UnreadableRequestRefusal} throws.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UnreadableTargets extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (readable(request.getRequestURI()) && readableUrl(request)) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(UnreadableRequestException.ATTRIBUTE, UnreadableRequestException.target());
    chain.doFilter(new FaceOnly(request), response);
  }

  /** Every {@code %} starts two hex digits, and the bytes they stand for are UTF-8. */
  static boolean readable(String path) {
    if (path == null) {
      return true;
    }
    boolean encoded = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c >= 0x80) {
        return false; // not percent-encoded
      }
      encoded |= c == '%';
    }
    if (!encoded) {
      return true; // the usual path, without a copy
    }
    ByteBuffer bytes = ByteBuffer.allocate(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length()) {
          return false;
        }
        int high = Character.digit(path.charAt(i + 1), 16);
        int low = Character.digit(path.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return false;
        }
        bytes.put((byte) (high << 4 | low));
        i += 2;
      } else {
        bytes.put((byte) c);
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes.flip());
      return true;
    } catch (CharacterCodingException notUtf8) {
      return false;
    }
  }

  /**
   * The URL itself, on every request: a check of the server name and the path instead missed an
   * absolute-form target with a broken authority on WildFly, whose {@code getServerName()} is the
   * Host header while {@code getRequestURL()}, which RESTEasy parses, carries the target's (a 500
   * in the suite, 2026-12-05). The parse costs about half a microsecond.
   */
  private static boolean readableUrl(HttpServletRequest request) {
    try {
      new URI(request.getRequestURL().toString());
      return true;
    } catch (URISyntaxException | RuntimeException noUri) {
      return false;
    }
  }

  /** The request as if it asked for its face's root: {@code /udesk/}, {@code /wechat/}… */
  static String faceOf(String contextPath, String path) {
    String rest = path.startsWith(contextPath) ? path.substring(contextPath.length()) : path;
    int start = rest.startsWith("/") ? 1 : 0;
    int end = start;
    while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
      end++;
    }
    return contextPath + "/" + rest.substring(start, end) + (end > start ? "/" : "");
  }

  private static final class FaceOnly extends HttpServletRequestWrapper {
    private final String path;

    FaceOnly(HttpServletRequest request) {
      super(request);
      this.path = faceOf(request.getContextPath(), String.valueOf(request.getRequestURI()));
    }

    @Override
    public String getRequestURI() {
      return path;
    }

    @Override
    public StringBuffer getRequestURL() {
      return new StringBuffer(getScheme()).append("://localhost").append(path);
    }

    @Override
    public String getPathInfo() {
      return path.substring(getContextPath().length());
    }

    @Override
    public String getServletPath() {
      return "";
    }
  }
}
