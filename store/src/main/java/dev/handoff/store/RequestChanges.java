package dev.handoff.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names one request read, set and removed in one session on this node. Each request has its
 * own ({@link TrackedSession#beginRequest}), so that two requests of one session on one node never
 * take each other's: a request's changes merge into the session's when it saves. Thread-safe (a
 * request may hand its session to other threads).
 */
public final class RequestChanges {

  private final Set<String> read = ConcurrentHashMap.newKeySet();
  private final Set<String> set = ConcurrentHashMap.newKeySet();
  private final Set<String> removed = ConcurrentHashMap.newKeySet();

  RequestChanges() {
  }

  /** The request read this attribute: its value may have changed in place by the request's end. */
  public void read(String name) {
    read.add(name);
  }

  /** The request set this attribute. */
  public void set(String name) {
    removed.remove(name);
    set.add(name);
  }

  /** The request removed this attribute. */
  public void removed(String name) {
    set.remove(name);
    removed.add(name);
  }

  Set<String> readNames() {
    return read;
  }

  /** True when the request set or removed {@code name} and has not saved since. */
  boolean touches(String name) {
    return set.contains(name) || removed.contains(name);
  }

  /** Moves the set and removed names into {@code into}; the read names stay, for the request's end. */
  void drainInto(Set<String> into) {
    for (String name : Set.copyOf(set)) {
      set.remove(name);
      into.add(name);
    }
    for (String name : Set.copyOf(removed)) {
      removed.remove(name);
      into.add(name);
    }
  }
}
