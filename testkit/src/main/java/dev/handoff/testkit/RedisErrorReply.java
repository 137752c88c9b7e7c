package dev.handoff.testkit;

/** An error reply from Redis ({@code -ERR ...}, {@code -NOPERM ...}), as the server wrote it. */
public final class RedisErrorReply extends RuntimeException {

  RedisErrorReply(String message) {
    super(message);
  }

  /** The first word of the reply: {@code ERR}, {@code NOPERM}, {@code WRONGPASS}, {@code MOVED}... */
  public String code() {
    String message = getMessage();
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
