package dev.handoff.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answers: a circuit breaker. After a connection failure or timeout it opens:
 * calls fail at once for a short, growing pause (250 ms doubling to 5 s) instead of each waiting
 * for the timeout; then one call, the probe, is let through to try again while the others still
 * fail at once; the probe's success closes it. Logs once per change of state, not per request.
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
  /** Set while the one call let through after a pause is running. */
  private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();

  Availability(String namespace) {
    this.namespace = namespace;
  }

  SessionStore.State state() {
    return up ? SessionStore.State.UP : SessionStore.State.DOWN;
  }

  void addListener(Consumer<SessionStore.State> listener) {
    listeners.add(listener);
  }

  /**
   * Throws at once while Redis is known to be down, unless the pause has passed and no other call
   * is probing: then this call is the probe (true), and must call {@link #probed()} when it ends.
   */
  boolean checkCanTry() {
    if (up) {
      return false;
    }
    if (System.currentTimeMillis() < retryAt) {
      throw new StoreUnavailableException("Redis is unreachable for " + namespace + " (since: " + lastFailure
          + "); trying again in " + Duration.ofMillis(Math.max(0, retryAt - System.currentTimeMillis())).toMillis()
          + " ms", lastFailure);
    }
    if (!probing.compareAndSet(false, true)) {
      throw new StoreUnavailableException("Redis is unreachable for " + namespace + " (since: " + lastFailure
          + "); another call is trying it now", lastFailure);
    }
    return true;
  }

  /** The probe let through by {@link #checkCanTry} ended, whatever its outcome. */
  void probed() {
    probing.set(false);
  }

  synchronized void succeeded() {
    pause = FIRST_PAUSE_MS;
    if (!up) {
      up = true;
      LOG.info("[{}] Redis answers again", namespace);
      listeners.forEach(l -> l.accept(SessionStore.State.UP));
    }
  }

  /**
   * A call found Redis unreachable. The pause starts when the circuit opens and grows only when a
   * probe fails: the calls that were in flight when it opened fail too, and must not stretch it.
   */
  synchronized void failed(Exception cause, boolean probe) {
    lastFailure = cause;
    if (up || probe) {
      retryAt = System.currentTimeMillis() + pause;
      pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
    }
    if (up) {
      up = false;
      LOG.warn("[{}] Redis is unreachable: {}; sessions are served from memory and writes are queued",
          namespace, cause.toString());
      listeners.forEach(l -> l.accept(SessionStore.State.DOWN));
    }
  }
}
