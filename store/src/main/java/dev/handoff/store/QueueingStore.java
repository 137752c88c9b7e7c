package dev.handoff.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The part of a store that its {@link PendingWrites} answers: the queue of writes held while the
 * server is unreachable, and the stash of sessions a node stopping during an outage keeps on disk.
 * Both engines' stores are one.
 */
interface QueueingStore extends SessionStore {

  /** The store's queue. */
  PendingWrites pending();

  /** How the store seals values (the stash keeps them sealed). */
  SealedValues sealed();

  @Override
  default int pendingWrites() {
    return pending().size();
  }

  @Override
  default long pendingBytes() {
    return pending().bytes();
  }

  @Override
  default boolean refusesNewSessions() {
    return pending().full();
  }

  /** Tries to write queued changes now. */
  @Override
  default void flushPending() {
    pending().flush();
  }

  @Override
  default void stash(Path file, List<HeldSession> sessions) throws IOException {
    pending().stash(file, sealed(), sessions);
  }

  @Override
  default List<HeldSession> unstash(Path file) throws IOException {
    return pending().unstash(file, sealed());
  }
}
