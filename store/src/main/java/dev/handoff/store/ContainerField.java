package dev.handoff.store;

/**
 * A number a container keeps with a session beyond the store's own fields, each in a hash field
 * of its own (docs/schema.md), written as a plain decimal number and never decoded by the
 * serializer. Where a container's value means what a store field means (creation, last access,
 * inactivity limit, last node), the store field is used instead; where the container keeps it
 * more finely, its field holds only the difference, so that another container's write of the
 * store field carries over to it. A save that names none of them leaves them as they are.
 */
public enum ContainerField {

  /** Jetty's access time minus the last access time ({@code la}), ms: 0 unless Jetty's expiry is not whole seconds after it. */
  ACCESS_DELTA_MS("ad"),
  /** Jetty's inactivity limit in ms minus the limit in seconds ({@code mi}) times 1000. */
  MAX_INACTIVE_DELTA_MS("md"),
  /** The access before the latest one (what the servlet API calls the last accessed time), epoch ms. */
  PREVIOUS_ACCESS("pa"),
  /** When the session cookie was last sent, epoch ms. */
  COOKIE_SET("cs"),
  /** When the container last saved the session, epoch ms. */
  LAST_SAVE("ls");

  private final String field;

  ContainerField(String field) {
    this.field = field;
  }

  /** Its field name in the session hash. */
  public String field() {
    return field;
  }
}
