package io.wxbridge.requests.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Hides the request headers the bridge never reads from the JAX-RS runtime: cookies (no caller of
 * its faces sends any, and it keeps no session) and the languages (every answer is WeChat's JSON or
 * XML, in one language). RESTEasy (WildFly) parses them while it takes the request, before any
 * filter, and answered one it could not parse itself: a Cookie with a control character, an
 * Accept-Language whose q is not a number ({@code en;q=abc}), with its HTML 400 after a WARNING
 * with a stack trace, per request (probes, 2026-12-05 and 2026-12-07; before web.xml's URL-only
 * session tracking, a 500 from Weld's request listener with the request's path in an ERROR). A
 * request without them, the usual one, is handed on as it is.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HeadersNeverRead extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final List<String> NEVER_READ =
      List.of("Cookie", "Accept-Language", "Content-Language");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    List<String> present =
        NEVER_READ.stream().filter(name -> request.getHeader(name) != null).toList();
    chain.doFilter(present.isEmpty() ? request : new WithoutHeader(request, present), response);
  }
}
