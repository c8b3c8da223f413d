package io.wxbridge.requests.boundary;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/** A request as if it came without some of its headers (named in any case). */
final class WithoutHeader extends HttpServletRequestWrapper {
  private final List<String> hidden;

  WithoutHeader(HttpServletRequest request, String hidden) {
    this(request, List.of(hidden));
  }

  WithoutHeader(HttpServletRequest request, List<String> hidden) {
    super(request);
    this.hidden = hidden;
  }

  @Override
  public String getContentType() {
    return isHidden("Content-Type") ? null : super.getContentType();
  }

  @Override
  public Cookie[] getCookies() {
    return isHidden("Cookie") ? null : super.getCookies(); // null: as for a request without any
  }

  @Override
  public String getHeader(String name) {
    return isHidden(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(
        Collections.list(super.getHeaderNames()).stream().filter(name -> !isHidden(name)).toList());
  }

  @Override
  public Locale getLocale() {
    return isHidden("Accept-Language") ? Locale.getDefault() : super.getLocale();
  }

  @Override
  public Enumeration<Locale> getLocales() {
    // as the servlet specification has it for a request without Accept-Language
    return isHidden("Accept-Language")
        ? Collections.enumeration(List.of(Locale.getDefault()))
        : super.getLocales();
  }

  private boolean isHidden(String name) {
    return hidden.stream().anyMatch(name::equalsIgnoreCase);
  }
}
