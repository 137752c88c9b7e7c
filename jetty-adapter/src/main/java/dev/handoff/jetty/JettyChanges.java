package dev.handoff.jetty;

import dev.handoff.store.RequestChanges;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionSource;
import dev.handoff.store.SessionStore;
import dev.handoff.store.TrackedSession;
import dev.handoff.store.WriteOutcome;
import java.util.Set;
import org.eclipse.jetty.session.SessionData;

/**
 * One of Jetty's saves as one request's changes on the session's tracked copy: Jetty gives no
 * per-request set, so each save gets its own {@link RequestChanges}, made of the names Jetty marked
 * dirty and the attributes read since its last successful save.
 */
final class JettyChanges {

  private JettyChanges() {
  }

  /** Writes {@code data}'s changes (all of it when {@code whole} or when Redis does not hold it) as one request's. */
  static WriteOutcome write(SessionStore store, TrackedSession tracked, SessionData data, boolean whole,
      boolean checkInPlace, SessionSource source) {
    RedisSessionData redisData = data instanceof RedisSessionData r ? r : null;
    RequestChanges changes = tracked.beginRequest();
    try {
      if (whole || redisData == null || !tracked.isPersisted()) {
        everything(tracked, data, changes);
      } else {
        redisData.changed().forEach(name -> record(tracked, data, changes, name));
        if (checkInPlace) {
          redisData.read().forEach(changes::read);
        }
      }
      boolean touch = store.touchDue(tracked.savedAccessTime(), SessionMapping.maxInactiveSeconds(data),
          SessionMapping.lastAccess(data));
      return tracked.write(store, changes, source, checkInPlace, touch);
    } finally {
      tracked.endRequest(changes);
    }
  }

  /** Every attribute as set, and every stored one Jetty no longer has (and could read) as removed. */
  private static void everything(TrackedSession tracked, SessionData data, RequestChanges changes) {
    data.getAllAttributes().keySet().forEach(name -> record(tracked, data, changes, name));
    Set<String> unreadable = data instanceof RedisSessionData r ? r.unreadable() : Set.of();
    for (String name : Set.copyOf(tracked.storedNames())) {
      if (!SessionRecord.isReserved(name) && !unreadable.contains(name) && !data.getAllAttributes().containsKey(name)) {
        changes.removed(name);
      }
    }
  }

  /** One name Jetty marked dirty: set, or removed; the login travels in the record's login fields. */
  private static void record(TrackedSession tracked, SessionData data, RequestChanges changes, String name) {
    Object value = data.getAllAttributes().get(name);
    if (value != null && SessionMapping.isLoginEntry(name, value, data)) {
      return;
    }
    if (value != null) {
      changes.set(name);
    } else if (tracked.stored(name) != null || tracked.changedLocally(name)) {
      changes.removed(name);
    }
  }
}
