/**
 * The administrator's view of a running bridge (GET /admin/status): what /health cannot show to
 * anonymous callers. Protected by io.wxbridge.access (bridge.admin.api-key,
 * bridge.admin.allowed-ips).
 */
package io.wxbridge.status;
