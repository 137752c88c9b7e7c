package dev.handoff.store;

/** The two writes a {@link TrackedSession} makes, so that its rules can be tested without Redis. */
interface Writes {

  SaveResult create(SessionRecord record, String createToken);

  SaveResult save(String id, SessionChange change);

  String nodeName();

  static Writes of(SessionStore store) {
    return new Writes() {
      @Override
      public SaveResult create(SessionRecord record, String createToken) {
        return store.create(record, createToken);
      }

      @Override
      public SaveResult save(String id, SessionChange change) {
        return store.save(id, change);
      }

      @Override
      public String nodeName() {
        return store.config().nodeName();
      }
    };
  }
}
