package dev.handoff.serialization;

/**
 * A value could not be encoded or decoded: its class is refused by the class filter or missing,
 * its bytes are truncated, corrupt, too large or written by an unknown codec or format. The message
 * says which, with the class name when there is one; it never contains the value itself.
 */
public class SerializationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With a message. */
  public SerializationException(String message) {
    super(message);
  }

  /** With a message and the cause. */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
