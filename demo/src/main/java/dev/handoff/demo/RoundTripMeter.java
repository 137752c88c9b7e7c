package dev.handoff.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Redis round trips charged to the request that caused them: the count of the demo's counting
 * proxy once the traffic around a request has ended, so that background work (expiry sweeps,
 * pings) lands between requests. The manager writes a request's changes before its response
 * completes, so the wait never stands between a write and the next request.
 */
final class RoundTripMeter {

  private static final Duration QUIET_POLL = Duration.ofMillis(50);
  private static final Duration QUIET_LIMIT = Duration.ofSeconds(2);

  private final LongSupplier counter;

  RoundTripMeter(LongSupplier counter) {
    this.counter = counter;
  }

  /** Round trips so far. */
  long count() {
    return counter.getAsLong();
  }

  /** The count once two polls in a row saw no round trip (at most 2 s). */
  long settled() {
    return settled(() -> false);
  }

  /** The same, or as soon as {@code interrupted} says a newer request began (then the count then). */
  long settled(BooleanSupplier interrupted) {
    long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
    long seen = count();
    int quietPolls = 0;
    while (quietPolls < 2 && System.nanoTime() < deadline && !interrupted.getAsBoolean()) {
      try {
        Thread.sleep(QUIET_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return count();
      }
      long now = count();
      quietPolls = now == seen ? quietPolls + 1 : 0;
      seen = now;
    }
    return seen;
  }
}
