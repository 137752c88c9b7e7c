package dev.handoff.store;

/**
 * The session's hash holds a store field that is not what the schema says (a version, creation
 * time, access time or inactivity limit that is not a decimal number): the session cannot be read,
 * by any container. Nothing in it is decoded to find out.
 */
public class MalformedSessionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedSessionException(String message) {
    super(message);
  }
}
