package dev.handoff.tomcat;

import java.util.HashSet;
import java.util.Set;

/**
 * What the session ids Redis does not hold may cost one request. Tomcat looks up each JSESSIONID
 * cookie of a request until one is valid (in {@code CoyoteAdapter}, before any valve runs), then
 * looks the requested id up again each time the request asks for its session. Per request on this
 * thread: an id found missing is not asked for again, and after {@value #LOOKUPS} misses further
 * ids are taken as unknown without asking Redis. Ids this node holds are always checked, so a
 * real session is found behind at most {@value #LOOKUPS} bogus cookies it did not serve.
 *
 * <p>{@link SessionSaveValve} forgets the request's misses when it ends. A request Tomcat answers
 * before the pipeline (the redirect of {@code /app} to {@code /app/}) leaves them on its thread,
 * so they also lapse {@value #LAPSE_MILLIS} ms after the first.
 */
final class UnknownIds {

  /** Lookups of ids Redis turned out not to hold, per request. */
  static final int LOOKUPS = 2;
  static final long LAPSE_MILLIS = 1_000;

  private static final ThreadLocal<UnknownIds> CURRENT = new ThreadLocal<>();

  private final long firstMiss = System.nanoTime();
  private final Set<String> missing = new HashSet<>(4);

  private UnknownIds() {
  }

  /** Whether the request on this thread may still ask Redis for {@code id}. */
  static boolean mayLookUp(String id) {
    UnknownIds misses = current();
    return misses == null || (misses.missing.size() < LOOKUPS && !misses.missing.contains(id));
  }

  /** Records that Redis does not hold {@code id}, for the rest of the request on this thread. */
  static void missed(String id) {
    UnknownIds misses = current();
    if (misses == null) {
      misses = new UnknownIds();
      CURRENT.set(misses);
    }
    misses.missing.add(id);
  }

  /** The request on this thread ended. */
  static void forget() {
    CURRENT.remove();
  }

  private static UnknownIds current() {
    UnknownIds misses = CURRENT.get();
    if (misses != null && System.nanoTime() - misses.firstMiss > LAPSE_MILLIS * 1_000_000) {
      CURRENT.remove();
      return null;
    }
    return misses;
  }
}
