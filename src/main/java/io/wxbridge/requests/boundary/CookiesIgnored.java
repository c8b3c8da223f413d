package io.wxbridge.requests.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Hides a request's cookies from the JAX-RS runtime: the bridge reads none (no caller of its faces
 * sends any, and it keeps no session), and RESTEasy (WildFly) parses them while it takes the
 * request, before any filter: a Cookie with a control character got its HTML 400 after a WARNING
 * with a stack trace, per request (a probe, 2026-12-05; before web.xml's URL-only session tracking,
 * a 500 from Weld's request listener with the request's path in an ERROR). A request without
 * cookies, the usual one, is handed on as it is.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class CookiesIgnored extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final String COOKIE = "Cookie";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(
        request.getHeader(COOKIE) == null ? request : new WithoutHeader(request, COOKIE), response);
  }
}
