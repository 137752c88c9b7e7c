package dev.handoff.store;

/**
 * An expired session this node has claimed: it alone fires the expiry listeners, with the
 * attribute values in {@link #record()}, then calls {@link SessionStore#finishExpiry}. If the
 * node dies first, another node may claim the session again after the claim's hold time.
 *
 * @param record the session as it was when it expired
 * @param digest its key digest
 * @param claim the claim's token: only this claim finishes it (null: a store without claims)
 */
public record ExpiredSession(SessionRecord record, String digest, String claim) {

  /** A claimed session of a store that does not name its claims (the in-memory one). */
  public ExpiredSession(SessionRecord record, String digest) {
    this(record, digest, null);
  }
}
