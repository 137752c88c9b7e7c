package dev.handoff.store;

/**
 * A held session lock. While it is held its lease is renewed (every third of lockLease), so a
 * request slower than the lease keeps it; if the holder's process dies the lease runs out.
 * {@link #close()} releases it if this holder still owns it (after a lease ran out another holder
 * may have taken it; that one is never released by mistake) and finds out whether it was lost.
 */
public interface SessionLock extends AutoCloseable {

  /** Releases the lock. */
  @Override
  void close();

  /**
   * True once this holder knows it lost the lock before releasing it: its lease ran out (a pause
   * longer than the lease, Redis unreachable while it was to be renewed) or the key was removed,
   * so another request may have held it meanwhile. The store has logged it; adapters count it.
   */
  boolean lost();
}
