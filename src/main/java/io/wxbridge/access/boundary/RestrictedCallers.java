package io.wxbridge.access.boundary;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource (or method) whose callers are restricted to the networks listed under the config
 * key {@link #value()}, e.g. {@code @RestrictedCallers("bridge.udesk.allowed-ips")}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RestrictedCallers {
  /**
   * The config key holding the allowed networks (comma-separated CIDR blocks; unset = no list: the
   * face decides).
   */
  String value();
}
