package dev.handoff.benchmarks;

/**
 * What one (configuration, page) pair measured: requests completed in the measurement window,
 * latencies from the HdrHistogram, and the Redis work seen meanwhile.
 *
 * @param commands Redis commands executed (INFO commandstats delta, INFO itself left out)
 * @param roundTrips client-to-Redis round trips counted by the proxy the nodes talk through, or -1
 *     when the nodes talked to Redis directly (not counted)
 * @param bytesToRedis bytes the nodes sent to Redis (the proxy's count), or -1 when not counted
 * @param bytesFromRedis bytes Redis sent back to the nodes, or -1 when not counted
 * @param errors responses other than 200 and I/O failures
 * @param lostSessions responses that set a new JSESSIONID although the request carried a valid one
 */
record LoadResult(String configuration, LoadPage page, LoadPattern pattern, long requests, double seconds,
    double p50Millis, double p99Millis, long commands, long roundTrips, long bytesToRedis, long bytesFromRedis,
    long errors, long lostSessions, long nodeCpuNanos) {

  /**
   * This result with the round trips and bytes per request of {@code counted}, a pass of the same
   * configuration and page through the counting proxy (whose own cost would distort throughput).
   */
  LoadResult withTrafficOf(LoadResult counted) {
    return new LoadResult(configuration, page, pattern, requests, seconds, p50Millis, p99Millis, commands,
        scaled(counted.roundTrips, counted.requests), scaled(counted.bytesToRedis, counted.requests),
        scaled(counted.bytesFromRedis, counted.requests), errors + counted.errors, lostSessions + counted.lostSessions,
        nodeCpuNanos);
  }

  private long scaled(long count, long countedRequests) {
    return count < 0 || countedRequests == 0 ? -1 : Math.round((double) count * requests / countedRequests);
  }

  double requestsPerSecond() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  /** CPU the Tomcat processes used per request, microseconds (the load generator's own not included). */
  double nodeCpuMicrosPerRequest() {
    return requests == 0 || nodeCpuNanos < 0 ? Double.NaN : nodeCpuNanos / 1000.0 / requests;
  }

  double commandsPerRequest() {
    return requests == 0 ? 0 : (double) commands / requests;
  }

  /** NaN when round trips were not counted. */
  double roundTripsPerRequest() {
    if (roundTrips < 0) {
      return Double.NaN;
    }
    return requests == 0 ? 0 : (double) roundTrips / requests;
  }

  /** Bytes sent to Redis per request; NaN when not counted. */
  double bytesToRedisPerRequest() {
    return perRequest(bytesToRedis);
  }

  /** Bytes received from Redis per request; NaN when not counted. */
  double bytesFromRedisPerRequest() {
    return perRequest(bytesFromRedis);
  }

  private double perRequest(long count) {
    if (count < 0) {
      return Double.NaN;
    }
    return requests == 0 ? 0 : (double) count / requests;
  }
}
