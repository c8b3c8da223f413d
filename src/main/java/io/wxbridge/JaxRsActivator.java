package io.wxbridge;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The bridge's URL layout (/wechat, /udesk, /video-recall) starts at the context root. */
@ApplicationPath("/")
public class JaxRsActivator extends Application {}
