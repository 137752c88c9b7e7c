package dev.handoff.store;

/**
 * A held session lock. {@link #close()} releases it if this holder still owns it (after the
 * lease ran out another holder may have taken it; that one is never released by mistake).
 */
public interface SessionLock extends AutoCloseable {

  /** Releases the lock. */
  @Override
  void close();
}
