package io.wxbridge.outbound.boundary;

import io.wxbridge.outbound.control.OutboundClients;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/**
 * Every 5 s, closes the outbound connections that have sat idle beyond their keep-alive, so that a
 * burst's connections do not stay open, half-closed by the server, until traffic comes back to
 * their pool. Not persistent: pools live in memory.
 */
@Singleton
@Lock(LockType.READ)
public class IdleConnectionSweep {
  @Inject OutboundClients clients;

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void closeExpired() {
    clients.closeExpiredConnections();
  }
}
