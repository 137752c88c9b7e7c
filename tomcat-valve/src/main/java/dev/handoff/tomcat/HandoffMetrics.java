package dev.handoff.tomcat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The manager's figures (the same as its JMX attributes) as Micrometer meters, for applications
 * that use Micrometer rather than JMX (embedded Tomcat, Spring Boot): {@code new
 * HandoffMetrics(manager).bindTo(registry)}. Tagged with the host and context path. Micrometer
 * is an optional dependency: the drop-in jar does not carry this binder's library.
 */
public final class HandoffMetrics implements MeterBinder {

  private final RedisSessionManager manager;

  public HandoffMetrics(RedisSessionManager manager) {
    this.manager = manager;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("host", manager.getContext().getParent().getName(),
        "context", manager.getContext().getPath().isEmpty() ? "/" : manager.getContext().getPath());
    counter(registry, tags, "handoff.loads", "sessions loaded whole from Redis (no copy on this node)",
        RedisSessionManager::getHandoffLoads);
    counter(registry, tags, "handoff.copies.checked", "requests whose copy was checked current in one round trip",
        RedisSessionManager::getHandoffNearCacheHits);
    counter(registry, tags, "handoff.copies.unasked", "requests served this node's copy with no round trip",
        RedisSessionManager::getHandoffCopiesServedUnasked);
    counter(registry, tags, "handoff.copies.stale", "copies another node's write had made stale",
        RedisSessionManager::getHandoffStaleCopies);
    counter(registry, tags, "handoff.saves", "writes to Redis", RedisSessionManager::getHandoffSaves);
    counter(registry, tags, "handoff.saves.skipped", "requests that changed nothing", RedisSessionManager::getHandoffSkippedSaves);
    counter(registry, tags, "handoff.saves.queued", "writes queued while Redis was unreachable",
        RedisSessionManager::getHandoffQueuedSaves);
    FunctionCounter.builder("handoff.written", manager, RedisSessionManager::getHandoffBytesWritten)
        .description("bytes written to Redis").baseUnit("bytes").tags(tags).register(registry);
    counter(registry, tags, "handoff.round.trips", "round trips to Redis", RedisSessionManager::getHandoffRoundTrips);
    counter(registry, tags, "handoff.errors", "failed calls to Redis", RedisSessionManager::getHandoffErrors);
    counter(registry, tags, "handoff.sessions.refused", "new sessions answered 503 while the queue was full",
        RedisSessionManager::getHandoffRefusedSessions);
    counter(registry, tags, "handoff.locks.lost", "session locks found lost at release", RedisSessionManager::getHandoffLocksLost);
    gauge(registry, tags, "handoff.store.up", "1 while Redis answers, else 0", m -> "UP".equals(m.getHandoffStoreState()) ? 1 : 0);
    gauge(registry, tags, "handoff.pending.writes", "writes waiting for Redis", RedisSessionManager::getHandoffPendingWrites);
    Gauge.builder("handoff.queued", manager, RedisSessionManager::getHandoffQueuedBytes)
        .description("memory held for Redis while it is unreachable").baseUnit("bytes").tags(tags).register(registry);
    latency(registry, tags, "handoff.load.latency.p50", RedisSessionManager::getHandoffLoadLatencyP50Micros);
    latency(registry, tags, "handoff.load.latency.p99", RedisSessionManager::getHandoffLoadLatencyP99Micros);
    latency(registry, tags, "handoff.save.latency.p50", RedisSessionManager::getHandoffSaveLatencyP50Micros);
    latency(registry, tags, "handoff.save.latency.p99", RedisSessionManager::getHandoffSaveLatencyP99Micros);
  }

  private void counter(MeterRegistry registry, Tags tags, String name, String description,
      ToDoubleFunction<RedisSessionManager> value) {
    FunctionCounter.builder(name, manager, value).description(description).tags(tags).register(registry);
  }

  private void gauge(MeterRegistry registry, Tags tags, String name, String description,
      ToDoubleFunction<RedisSessionManager> value) {
    Gauge.builder(name, manager, value).description(description).tags(tags).register(registry);
  }

  /** Over the last 1,024 loads or saves, as the JMX attributes. */
  private void latency(MeterRegistry registry, Tags tags, String name, ToDoubleFunction<RedisSessionManager> micros) {
    TimeGauge.builder(name, manager, TimeUnit.MICROSECONDS, micros).tags(tags).register(registry);
  }
}
