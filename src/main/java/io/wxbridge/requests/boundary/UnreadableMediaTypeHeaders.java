package io.wxbridge.requests.boundary;

import io.wxbridge.requests.control.UnreadableRequestException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides a Content-Type or Accept header that cannot be parsed from the JAX-RS runtime and leaves
 * the refusal in a request attribute ({@link UnreadableRequestException#ATTRIBUTE}), so that {@link
 * UnreadableRequestRefusal} refuses the request through the one error mapper. Both runtimes parse
 * these headers while they take the request from the servlet container, before any JAX-RS filter,
 * and answer it themselves: Jersey (Payara) a bare 400, RESTEasy (WildFly) an HTML 400 after a
 * WARNING with a stack trace for an Accept it cannot parse, and a 500 for an Accept whose q is not
 * a number (it reads q only while matching). Udesk's face answered without WeChat's JSON (a probe:
 * {@code multipart/form-data; boundary=}, {@code Accept: text/html,, *}{@code /*}). Parsed with the
 * JAX-RS runtime's own parser, one media type at a time.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UnreadableMediaTypeHeaders extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private static final Pattern QUALITY = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

  /** Values WeChat, Udesk and HTTP clients send, known to parse. */
  private static final Set<String> USUAL =
      Set.of(
          "*/*",
          "text/xml",
          "text/xml;charset=utf-8",
          "text/xml; charset=utf-8",
          "application/json",
          "application/json;charset=utf-8",
          "application/json; charset=utf-8",
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded;charset=utf-8",
          "application/x-www-form-urlencoded; charset=utf-8");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String unreadable = unreadable(request);
    if (unreadable == null) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(
        UnreadableRequestException.ATTRIBUTE, UnreadableRequestException.header(unreadable));
    chain.doFilter(new WithoutHeader(request, unreadable), response);
  }

  /**
   * The first of the two headers that cannot be parsed, or null. A Content-Type given twice is
   * unreadable (Jersey refuses it as it refuses one it cannot parse); Accept may come as several
   * lines. The values every client of the bridge sends skip the parser.
   */
  static String unreadable(HttpServletRequest request) {
    Enumeration<String> types = request.getHeaders(HttpHeaders.CONTENT_TYPE);
    if (types != null && types.hasMoreElements()) {
      String type = types.nextElement();
      if (types.hasMoreElements() || !(USUAL.contains(type) || parsed(type) != null)) {
        return HttpHeaders.CONTENT_TYPE;
      }
    }
    for (Enumeration<String> accept = request.getHeaders(HttpHeaders.ACCEPT);
        accept != null && accept.hasMoreElements(); ) {
      String value = accept.nextElement();
      if (!USUAL.contains(value) && !readableAccept(value)) {
        return HttpHeaders.ACCEPT;
      }
    }
    return null;
  }

  /**
   * Every media type of the list parses, and each q is a number from 0 to 1, split as either
   * runtime splits it. An empty element ({@code a/b,,c/d}) is unreadable, as Jersey reads it; an
   * empty header is none.
   */
  static boolean readableAccept(String header) {
    if (header.isBlank()) {
      return true;
    }
    // RESTEasy splits at every comma, quoted or not (Jersey at those outside quotes): a list one of
    // them cannot read is unreadable
    if (header.indexOf('"') >= 0 && header.indexOf(',') >= 0) {
      for (String piece : header.split(",")) {
        if (!piece.isBlank() && parsed(piece.strip()) == null) {
          return false;
        }
      }
    }
    for (String element : elements(header)) {
      MediaType type = element.isEmpty() ? null : parsed(element);
      if (type == null) {
        return false;
      }
      String q = type.getParameters().get("q");
      if (q != null && !qualityValue(q)) {
        return false;
      }
    }
    return true;
  }

  /** The list's elements, split at the commas outside quoted strings, stripped. */
  static List<String> elements(String header) {
    List<String> elements = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == ',' && !quoted) {
        add(elements, header.substring(start, i));
        start = i + 1;
      }
    }
    add(elements, header.substring(start));
    return elements;
  }

  private static void add(List<String> elements, String element) {
    elements.add(element.strip());
  }

  private static MediaType parsed(String type) {
    try {
      return MediaType.valueOf(type);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  /** RFC 9110's qvalue, as Jersey reads it: 0 to 1 with at most three decimals. */
  static boolean qualityValue(String q) {
    return QUALITY.matcher(q).matches();
  }
}
