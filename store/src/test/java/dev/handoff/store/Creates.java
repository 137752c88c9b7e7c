package dev.handoff.store;

/** A create with a fresh create token, true when it was written: what most store tests need. */
public final class Creates {

  private Creates() {
  }

  public static boolean created(SessionStore store, SessionRecord record) {
    return store.create(record, SessionStore.newCreateToken()).status() == SaveResult.Status.SAVED;
  }
}
