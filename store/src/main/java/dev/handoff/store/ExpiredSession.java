package dev.handoff.store;

/**
 * An expired session this node has claimed: it alone fires the expiry listeners, with the
 * attribute values in {@link #record()}, then calls {@link SessionStore#finishExpiry}. If the
 * node dies first, another node may claim the session again after the claim's hold time.
 *
 * @param record the session as it was when it expired
 * @param digest its key digest
 */
public record ExpiredSession(SessionRecord record, String digest) {
}
