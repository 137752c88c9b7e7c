package dev.handoff.store;

import java.util.Set;

/**
 * A container's copy of a session, kept as bytes across a restart of the application while Redis
 * is unreachable ({@link TrackedSession#snapshot}): whether Redis holds it, and the names whose
 * changes Redis lacks (neither written nor queued).
 */
public record HeldSession(SessionRecord record, boolean persisted, Set<String> unwritten) {

  public HeldSession {
    unwritten = Set.copyOf(unwritten);
  }
}
