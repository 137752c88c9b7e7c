package dev.handoff.store;

import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RedissonClient;

/**
 * One store's handle on a Redisson client that may be shared with other stores whose settings
 * name the same Redis connection. Closing the handle releases it; the client itself shuts down
 * when its last handle is closed.
 */
final class RedisConnection implements AutoCloseable {

  private final RedissonClient client;
  private final StoreConfig config;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisConnection(RedissonClient client, StoreConfig config, Runnable release) {
    this.client = client;
    this.config = config;
    this.release = release;
  }

  /** The client, shared with every config of the same connection identity. */
  RedissonClient client() {
    return client;
  }

  /** The config this handle was acquired for. */
  StoreConfig config() {
    return config;
  }

  /** Releases this handle; the second and later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }

  @Override
  public String toString() {
    return "RedisConnection[namespace=" + config.namespace() + (closed.get() ? ", closed" : "") + "]";
  }
}
