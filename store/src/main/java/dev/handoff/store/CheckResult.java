package dev.handoff.store;

/** The answer to "is my copy of this session current?", from one round trip. */
public sealed interface CheckResult {

  /** The session no longer exists (invalidated, expired): drop the copy. */
  record Gone() implements CheckResult {
  }

  /** The copy is current; the stored access time and inactivity limit come with it. */
  record Current(long version, long lastAccessedTime, int maxInactiveSeconds) implements CheckResult {
  }

  /** Another node changed the session: here it is, whole. */
  record Stale(SessionRecord record) implements CheckResult {
  }
}
