/**
 * Where the bridge's configuration comes from besides MicroProfile Config's own sources: server
 * JNDI entries, so that an administrator configures the bridge the way the rest of the server is
 * configured.
 */
package io.wxbridge.configuration;
