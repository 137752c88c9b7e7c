package dev.handoff.tomcat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the manager counts for JMX: loads, checks of the near cache, saves, skipped saves, bytes
 * written, round trips, errors, and the latency of loads and saves (percentiles over the last
 * 1,024 of each).
 */
final class ManagerStatistics {

  final LongAdder loads = new LongAdder();
  final LongAdder nearCacheHits = new LongAdder();
  final LongAdder copiesServedUnasked = new LongAdder();
  final LongAdder staleCopies = new LongAdder();
  final LongAdder saves = new LongAdder();
  final LongAdder skippedSaves = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder roundTrips = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder queuedSaves = new LongAdder();
  final LongAdder refusedSessions = new LongAdder();
  final LongAdder locksLost = new LongAdder();
  final Latencies loadLatency = new Latencies();
  final Latencies saveLatency = new Latencies();

  /** The last 1,024 durations of one operation, in microseconds. */
  static final class Latencies {
    private static final int SIZE = 1024;
    private final long[] micros = new long[SIZE];
    private final AtomicInteger next = new AtomicInteger();

    void record(long startNanos) {
      micros[Math.floorMod(next.getAndIncrement(), SIZE)] = (System.nanoTime() - startNanos) / 1000;
    }

    /** The {@code percentile} (0 to 100) of the recorded durations, in microseconds; 0 when none. */
    long percentile(double percentile) {
      int count = Math.min(next.get(), SIZE);
      if (count == 0) {
        return 0;
      }
      long[] sorted = Arrays.copyOf(micros, count);
      Arrays.sort(sorted);
      return sorted[(int) Math.min(count - 1, Math.ceil(percentile / 100 * count) - 1)];
    }
  }
}
