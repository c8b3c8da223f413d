/**
 * The bridge's metrics in Prometheus's text format, at {@code GET /admin/metrics} for
 * administrators (docs/metrics.md lists every metric). Micrometer with its Prometheus registry,
 * bundled in the WAR, so the same metrics exist on Payara and on WildFly 35 (which has no
 * MicroProfile Metrics). Nothing here decides anything: the counters observe the CDI events the
 * other features fire where an outcome is decided, and the inbox gauges read the inbox's status
 * query at most every few seconds. May call: {@code access} (who may read them), {@code accounts},
 * {@code inbox} (its status query), {@code outbound} (its pools, for their gauges), and the
 * entities of the features whose events it observes.
 */
package io.wxbridge.metrics;
