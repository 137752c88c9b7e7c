package dev.handoff.store;

/**
 * What became of a save.
 *
 * @param status saved, gone (the session was invalidated or expired meanwhile: nothing was
 *     written), queued (Redis is unreachable: written when it returns), or, for a create, id
 *     taken (another session holds the id: nothing was written)
 * @param version the session's version after the save (saved only)
 * @param replicasAcknowledged replicas that confirmed the write, when syncReplicas is set
 */
public record SaveResult(Status status, long version, int replicasAcknowledged) {

  /** The outcome of a save. */
  public enum Status { SAVED, GONE, QUEUED, ID_TAKEN }

  static SaveResult saved(long version, int replicas) {
    return new SaveResult(Status.SAVED, version, replicas);
  }

  static SaveResult gone() {
    return new SaveResult(Status.GONE, -1, 0);
  }

  static SaveResult idTaken() {
    return new SaveResult(Status.ID_TAKEN, -1, 0);
  }

  static SaveResult queued() {
    return new SaveResult(Status.QUEUED, -1, 0);
  }
}
