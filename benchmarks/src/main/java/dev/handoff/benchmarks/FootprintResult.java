package dev.handoff.benchmarks;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What one session manager left in Redis for {@code sessions} realistic sessions, and what its
 * requests on them sent and received.
 *
 * @param configuration a {@link LoadConfiguration} id
 * @param sessions sessions created (one {@code create.jsp} request each)
 * @param keys every key in Redis afterwards, grouped by shape
 * @param usedMemoryGrowth {@code used_memory} after creating the sessions minus before, the clients'
 *     buffers left out
 * @param phases the requests, one entry per page
 * @param background what crossed the proxy in an idle window before the requests, per second
 */
record FootprintResult(String configuration, long sessions, List<KeyGroup> keys, long usedMemoryGrowth,
    List<Phase> phases, Traffic background) {

  private static final Pattern HASH_TAG = Pattern.compile("\\{[^}]*}");
  private static final Pattern SESSION_ID = Pattern.compile("[0-9A-Fa-f]{32}");

  /**
   * Keys of one shape (the key with its hash tag and any session id blanked out), their Redis
   * type, how many, and their exact memory ({@code MEMORY USAGE ... SAMPLES 0}) summed.
   */
  record KeyGroup(String shape, String type, long keys, long bytes) {
  }

  /** Counters of the proxy the nodes talk to Redis through, and Redis's own command count. */
  record Traffic(long requests, long roundTrips, long commands, long bytesToRedis, long bytesFromRedis) {

    double perRequest(long value) {
      return requests == 0 ? 0 : (double) value / requests;
    }

    /** Bytes in both directions per request. */
    double bytesPerRequest() {
      return perRequest(bytesToRedis + bytesFromRedis);
    }
  }

  /**
   * One page requested once per session.
   *
   * @param page {@code create}, {@code read} or {@code update}
   * @param errors answers other than the expected 200 and text
   */
  record Phase(String page, Traffic traffic, long errors) {
  }

  /** A key's shape: its hash tag becomes {@code {…}}, a 32-hex-digit session id {@code <id>}. */
  static String shape(String key) {
    return SESSION_ID.matcher(HASH_TAG.matcher(key).replaceAll("{…}")).replaceAll("<id>");
  }

  /** Sum of every key's memory, per session (keys shared by all sessions, such as an index, included). */
  double bytesPerSession() {
    return sessions == 0 ? 0 : keys.stream().mapToLong(KeyGroup::bytes).sum() / (double) sessions;
  }

  /** Keys per session, shared keys counted in proportion. */
  double keysPerSession() {
    return sessions == 0 ? 0 : keys.stream().mapToLong(KeyGroup::keys).sum() / (double) sessions;
  }

  double usedMemoryPerSession() {
    return sessions == 0 ? 0 : usedMemoryGrowth / (double) sessions;
  }

  /** The phase of that page, or null. */
  Phase phase(String page) {
    return phases.stream().filter(p -> p.page().equals(page)).findFirst().orElse(null);
  }
}
