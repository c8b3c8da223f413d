package io.wxbridge.access.boundary;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an admin or status resource: only administrators (see AdminCallers) reach it. */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminOnly {
  /** Who gets through, for the API description's tag of the admin resources. */
  String CALLERS = "bridge.admin.api-key (bearer) or bridge.admin.allowed-ips";
}
