package dev.handoff.store;

/**
 * A new session was refused: Redis is unreachable and maxQueuedBytes is reached, so this node
 * holds no more for it ({@link SessionStore#refusesNewSessions()}). Adapters answer 503; the
 * sessions the node already holds keep working.
 */
public final class NewSessionRefusedException extends StoreUnavailableException {

  private static final long serialVersionUID = 1L;

  public NewSessionRefusedException(String namespace, long heldBytes, long maxQueuedBytes) {
    super("[" + namespace + "] new session refused: Redis is unreachable and " + heldBytes
        + " bytes are held for it (maxQueuedBytes = " + maxQueuedBytes + ")", null);
  }
}
