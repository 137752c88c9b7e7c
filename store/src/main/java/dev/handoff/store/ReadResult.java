package dev.handoff.store;

/**
 * The answer of {@link SessionStore#read}, the one read of a session: gone, the node's copy is
 * current, or the session as stored, whole.
 */
public sealed interface ReadResult {

  /** The session does not exist (never did, invalidated, or past its expiry time): drop any copy. */
  record Gone() implements ReadResult {
  }

  /** The node's copy is current; the stored access time and inactivity limit come with it. */
  record Current(long version, long lastAccessedTime, int maxInactiveSeconds) implements ReadResult {
  }

  /** The session as stored: there was no copy to check, or another node changed it. */
  record Loaded(SessionRecord record) implements ReadResult {
  }
}
