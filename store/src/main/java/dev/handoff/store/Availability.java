package dev.handoff.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answers. After a connection failure or timeout, calls fail at once for a short,
 * growing pause (250 ms doubling to 5 s) instead of each waiting for the timeout; then one call
 * is let through to try again. Logs once per change of state, not per request.
 */
final class Availability {

  private static final Logger LOG = LoggerFactory.getLogger(Availability.class);
  private static final long FIRST_PAUSE_MS = 250;
  private static final long LONGEST_PAUSE_MS = 5000;

  private final String namespace;
  private final List<Consumer<SessionStore.State>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean up = true;
  private volatile long retryAt;
  private long pause = FIRST_PAUSE_MS;
  private volatile Exception lastFailure;

  Availability(String namespace) {
    this.namespace = namespace;
  }

  SessionStore.State state() {
    return up ? SessionStore.State.UP : SessionStore.State.DOWN;
  }

  void addListener(Consumer<SessionStore.State> listener) {
    listeners.add(listener);
  }

  /** Throws at once while Redis is known to be down and the pause has not passed. */
  void checkCanTry() {
    if (!up && System.currentTimeMillis() < retryAt) {
      throw new StoreUnavailableException("Redis is unreachable for " + namespace + " (since: " + lastFailure
          + "); trying again in " + Duration.ofMillis(Math.max(0, retryAt - System.currentTimeMillis())).toMillis()
          + " ms", lastFailure);
    }
  }

  synchronized void succeeded() {
    pause = FIRST_PAUSE_MS;
    if (!up) {
      up = true;
      LOG.info("[{}] Redis answers again", namespace);
      listeners.forEach(l -> l.accept(SessionStore.State.UP));
    }
  }

  synchronized void failed(Exception cause) {
    lastFailure = cause;
    retryAt = System.currentTimeMillis() + pause;
    pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
    if (up) {
      up = false;
      LOG.warn("[{}] Redis is unreachable: {}; sessions are served from memory and writes are queued",
          namespace, cause.toString());
      listeners.forEach(l -> l.accept(SessionStore.State.DOWN));
    }
  }
}
