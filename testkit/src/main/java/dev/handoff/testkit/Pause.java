package dev.handoff.testkit;

/** A test's pause: interrupted, it fails the test (and keeps the interrupt). */
public final class Pause {

  private Pause() {
  }

  /** Sleeps {@code millis} milliseconds. */
  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
