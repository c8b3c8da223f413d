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

  /** What a URI's path may hold besides letters and digits (java.net.URI, RFC 2396). */
  private static final String PATH_MARKS = "-_.!~*'()%:@&=+$,;/";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI();
    if (readable(path) && readableUrl(request, path)) {
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
   * The URL the runtime will parse ({@code getRequestURL()}) is a URI. Most requests are decided
   * without building it: a host name of letters, digits, dots and hyphens and a path of URI path
   * characters always make one; anything else (an IPv6 literal, a stranger's authority) is parsed.
   */
  private static boolean readableUrl(HttpServletRequest request, String path) {
    if (plainHost(request.getServerName()) && plainPath(path)) {
      return true;
    }
    try {
      new URI(request.getRequestURL().toString());
      return true;
    } catch (URISyntaxException | RuntimeException noUri) {
      return false;
    }
  }

  /** Letters, digits, dots and hyphens only: a URI takes such a host name whatever its shape. */
  static boolean plainHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-'))) {
        return false;
      }
    }
    return true;
  }

  /** A path of the characters a URI's path may hold ({@code %} is checked by {@link #readable}). */
  static boolean plainPath(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!(c < 0x80 && (Character.isLetterOrDigit(c) || PATH_MARKS.indexOf(c) >= 0))) {
        return false;
      }
    }
    return true;
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
