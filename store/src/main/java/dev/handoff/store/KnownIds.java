package dev.handoff.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the sessions this node created or read, by key digest, so that a session this node
 * claims for expiry is named by its real id: Redis holds no session id (schema 2), only digests.
 * Bounded (the least recently seen are dropped first); a session expired by a node that never saw
 * it is named {@link #STAND_IN_PREFIX} plus its digest.
 */
final class KnownIds {

  /** How a claimed session whose id this node never saw is named to the container. */
  static final String STAND_IN_PREFIX = "expired-";

  private final Map<String, String> byDigest;

  KnownIds(int capacity) {
    this.byDigest = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    });
  }

  void remember(String digest, String id) {
    byDigest.put(digest, id);
  }

  void forget(String digest) {
    byDigest.remove(digest);
  }

  /** The real id when this node saw it, else a stand-in that names the digest. */
  String idOf(String digest) {
    String id = byDigest.get(digest);
    return id != null ? id : STAND_IN_PREFIX + digest;
  }
}
