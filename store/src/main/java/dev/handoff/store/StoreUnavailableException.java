package dev.handoff.store;

/**
 * Redis cannot be reached (or did not answer in time). While it stays unreachable, calls fail
 * with this at once instead of waiting for a timeout each time; {@link SessionStore#state()} says
 * when it is back.
 */
public class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
