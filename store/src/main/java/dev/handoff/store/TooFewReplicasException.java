package dev.handoff.store;

/**
 * With syncFailure=fail: a write reached the primary, but fewer than syncReplicas of its shard's
 * replicas acknowledged it within syncTimeout, so a failover may lose it. Adapters fail the
 * request (503) before its response is sent; the write stays on the primary.
 */
public final class TooFewReplicasException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  TooFewReplicasException(String message) {
    super(message);
  }
}
