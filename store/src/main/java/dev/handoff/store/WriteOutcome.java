package dev.handoff.store;

/**
 * What a {@link TrackedSession#write} did.
 *
 * @param result the store's answer, or null when nothing needed writing
 * @param bytes the bytes sent (attribute bytes of a change; the whole record of a create)
 * @param created true when it was the session's first write
 */
public record WriteOutcome(SaveResult result, long bytes, boolean created) {

  static final WriteOutcome NOTHING = new WriteOutcome(null, 0, false);

  /** True when something was sent to the store. */
  public boolean wrote() {
    return result != null;
  }
}
